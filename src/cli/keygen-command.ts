import { formatEnvFile, generateKeys } from "../config/identity-files.js";

export const KEYGEN_USAGE = `switchboard keygen > .env

Prints a new wallet key and database encryption key as .env lines (the address as a comment).`;

/** `switchboard keygen`: a fresh identity for an agent, as `.env` text on stdout. */
export async function runKeygenCommand(argv: string[]): Promise<void> {
  if (argv.length > 0)
    throw Object.assign(new Error(`unexpected argument ${argv[0]}`), {
      code: "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL",
    });
  process.stdout.write(formatEnvFile(generateKeys()));
}
