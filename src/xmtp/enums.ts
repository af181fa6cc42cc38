import type {
  ActionStyle as ActionStyleEnum,
  ConsentState as ConsentStateEnum,
  IdentifierKind as IdentifierKindEnum,
  LogLevel as LogLevelEnum,
  ReactionAction as ReactionActionEnum,
  ReactionSchema as ReactionSchemaEnum,
} from "@xmtp/node-sdk";

/**
 * The node bindings declare these as ambient `const enum`s, which TypeScript's
 * `isolatedModules` cannot inline. These are the same values, typed as the SDK's enums.
 */

export const IdentifierKind = {
  Ethereum: 0 as IdentifierKindEnum.Ethereum,
  Passkey: 1 as IdentifierKindEnum.Passkey,
} as const;

export const ConsentState = {
  Unknown: 0 as ConsentStateEnum.Unknown,
  Allowed: 1 as ConsentStateEnum.Allowed,
  Denied: 2 as ConsentStateEnum.Denied,
} as const;

export const LogLevel = {
  Off: "Off" as LogLevelEnum.Off,
  Error: "Error" as LogLevelEnum.Error,
  Warn: "Warn" as LogLevelEnum.Warn,
  Info: "Info" as LogLevelEnum.Info,
} as const;

export const ActionStyle = {
  Primary: 0 as ActionStyleEnum.Primary,
  Secondary: 1 as ActionStyleEnum.Secondary,
  Danger: 2 as ActionStyleEnum.Danger,
} as const;

export const ReactionAction = {
  Added: 1 as ReactionActionEnum.Added,
  Removed: 2 as ReactionActionEnum.Removed,
} as const;

export const ReactionSchema = {
  Unicode: 1 as ReactionSchemaEnum.Unicode,
} as const;
