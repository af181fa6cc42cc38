// Minimal entry point of `switchboard/devnode` (see src/index.ts: the `api` branch owns the real one).
export { DEVNODE_PORT, type Devnode, type DevnodeOptions, startDevnode } from "./devnode.js";
