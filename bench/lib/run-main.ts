import { isSwitchboardError } from "../../src/errors/switchboard-error.js";

/**
 * Runs a benchmark's main function and exits: 0 when it finished, 2 for bad flags, 1 for
 * anything else. Exiting explicitly matters: XMTP clients keep native handles that would hold
 * the process open.
 *
 * @example
 * runMain(async () => { await scenario(); });
 */
export function runMain(main: () => Promise<void>): void {
  const started = Date.now();
  main().then(
    () => {
      console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      process.exit(0);
    },
    (error: unknown) => {
      const badFlags = isSwitchboardError(error, "SB_ERR_CONFIG_INVALID");
      console.error(badFlags ? (error as Error).message : error);
      process.exit(badFlags ? 2 : 1);
    },
  );
}
