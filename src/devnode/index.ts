/**
 * `switchboard/devnode`: the local XMTP node (gRPC on port 5556) that agents and tests run on.
 *
 * @example
 * import { startDevnode } from "switchboard/devnode";
 * const devnode = await startDevnode();
 * // ... XMTP_ENV=local clients talk to it ...
 * await devnode.stop();
 */
export { DEVNODE_PORT, type Devnode, type DevnodeOptions, startDevnode } from "./devnode.js";
