import { RE2JS, RE2Set } from "re2js";

/** Rule books whose patterns stay compiled; each set holds at most `MAX_SET_MEMORY` of DFA. */
const MAX_SETS = 64;
const MAX_SET_MEMORY = 2 * 1024 * 1024;

const sets = new Map<string, RE2Set>();

/**
 * The indexes of the `patterns` (validated by `compileUserRegex`) that match `text`, found in
 * one linear pass however many patterns there are: they are compiled into one RE2 set, so
 * 50 patterns cost about what one does. Compiled sets are kept for the most recent rule books.
 *
 * @example
 * matchingPatterns(["cheap\\s+viagra", "casino"], "CHEAP  viagra"); // Set { 0 }
 */
export function matchingPatterns(patterns: readonly string[], text: string): Set<number> {
  if (patterns.length === 0) return new Set();
  return new Set(setOf(patterns).match(text));
}

function setOf(patterns: readonly string[]): RE2Set {
  const key = patterns.join("\0");
  let set = sets.get(key);
  if (set) {
    sets.delete(key); // re-inserted below: the map's order is least recently used first
  } else {
    set = new RE2Set(RE2Set.UNANCHORED, RE2JS.CASE_INSENSITIVE, MAX_SET_MEMORY);
    for (const pattern of patterns) set.add(pattern);
    set.compile();
    if (sets.size >= MAX_SETS) sets.delete(sets.keys().next().value!);
  }
  sets.set(key, set);
  return set;
}
