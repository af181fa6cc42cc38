export type { ChainReader, ChainReaderOptions } from "./chain-reader.js";
export { createChainReader } from "./chain-reader.js";
export { type CheckResult, checkCondition, checkHolders } from "./check-condition.js";
export {
  type Condition,
  type ConditionGroup,
  conditionSchema,
  type Erc20BalanceCondition,
  type Erc721OwnerCondition,
  parseCondition,
  parseConditionJson,
} from "./conditions.js";
export { describeCondition } from "./describe-condition.js";
export type { GateBinding, GraceEntry } from "./gate-store.js";
export { tokenGate } from "./token-gate.js";
export {
  type TokenGateConfig,
  type TokenGateOptions,
  tokenGateConfigSchema,
} from "./token-gate-config.js";
