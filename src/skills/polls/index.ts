export type { Poll, PollRef } from "./poll.js";
export { type PollButtonsState, readPollButtons } from "./poll-buttons-state.js";
export { polls } from "./polls.js";
export { type PollsConfig, type PollsOptions, pollsConfigSchema } from "./polls-config.js";
