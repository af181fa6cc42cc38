import { fchmodSync, fstatSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatEnvFile, generateKeys } from "../config/identity-files.js";
import { UsageError } from "./cli-error.js";
import { isFileExists } from "./is-file-exists.js";

const OWNER_ONLY = 0o600;
const STDOUT = 1;

/**
 * Keys must not sit in a file others can read. A shell redirect creates the file before we run,
 * with the umask's mode (usually 0644): take it back to 0600 first, or say so when we cannot.
 */
function restrictStdoutFile(): void {
  const stat = fstatSync(STDOUT);
  if (!stat.isFile() || (stat.mode & 0o077) === 0) return;
  try {
    fchmodSync(STDOUT, OWNER_ONLY);
  } catch (error) {
    console.error(
      `switchboard keygen: warning: the file receiving the keys stays readable by others (${(error as Error).message}); chmod 600 it`,
    );
  }
}

/** `switchboard keygen`: a fresh identity for an agent, as `.env` text. */
export async function runKeygenCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { out: { type: "string" } }, strict: true });
  const text = formatEnvFile(generateKeys());
  if (values.out === undefined) {
    restrictStdoutFile();
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(values.out, text, { mode: OWNER_ONLY, flag: "wx" });
  } catch (error) {
    if (isFileExists(error))
      throw new UsageError(
        `${values.out} exists: keygen never overwrites keys (pick another file)`,
      );
    throw error;
  }
  console.error(`wrote ${values.out} (mode 0600: readable by you only)`);
}
