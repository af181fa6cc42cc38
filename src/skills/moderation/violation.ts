import type { Rule } from "./rule.js";

/** A message broke `rule`; `reason` finishes the sentence "… rule #2 (links): <reason>". */
export interface Violation {
  rule: Rule;
  reason: string;
}
