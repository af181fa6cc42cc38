import { parseArgs } from "node:util";
import { createSigner, createUser } from "@xmtp/agent-sdk";
import { Client, getInboxIdForIdentifier } from "@xmtp/node-sdk";
import { z } from "zod";
import { resolveWalletKey } from "../config/identity-files.js";
import { loadConfig } from "../config/load-config.js";
import { IdentifierKind } from "../xmtp/enums.js";
import { UsageError } from "./cli-error.js";

const VERBS = ["list", "revoke"] as const;

const optionsSchema = z
  .object({
    action: z.enum(VERBS),
    keep: z.coerce.number().int().min(1).max(10).optional(),
    id: z.array(z.string().regex(/^[0-9a-f]+$/, "installation ids are hex")).optional(),
    yes: z.boolean().default(false),
  })
  .refine((o) => o.action === "list" || o.keep !== undefined || (o.id?.length ?? 0) > 0, {
    message: "revoke needs --keep N (keep the N newest) or --id ID",
    path: ["keep"],
  });

/** `switchboard installations`: see and prune the identity's installations. */
export async function runInstallationsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      keep: { type: "string" },
      id: { type: "string", multiple: true },
      yes: { type: "boolean" },
    },
    allowPositionals: true,
    strict: true,
  });
  const [verb, extra] = positionals;
  if (verb === undefined) throw new UsageError(`needs a verb: ${VERBS.join(" or ")}`);
  if (!(VERBS as readonly string[]).includes(verb))
    throw new UsageError(`unknown verb "${verb}" (verbs: ${VERBS.join(", ")})`);
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
  const options = optionsSchema.parse({ ...values, action: verb });
  const config = loadConfig();
  const identity = resolveWalletKey(config);
  const identifier = {
    identifier: identity.address.toLowerCase(),
    identifierKind: IdentifierKind.Ethereum,
  };
  const inboxId = await getInboxIdForIdentifier(identifier, config.XMTP_ENV);
  if (!inboxId) {
    console.log(`${identity.address} has no XMTP inbox on ${config.XMTP_ENV} yet.`);
    return;
  }
  const [state] = await Client.fetchInboxStates([inboxId], config.XMTP_ENV);
  // Newest first, the order in which they are worth keeping.
  const installations = [...(state?.installations ?? [])].sort((a, b) =>
    Number((b.clientTimestampNs ?? 0n) - (a.clientTimestampNs ?? 0n)),
  );
  console.log(`inbox ${inboxId} on ${config.XMTP_ENV}: ${installations.length}/10 installations`);
  for (const installation of installations) {
    const created = installation.clientTimestampNs
      ? new Date(Number(installation.clientTimestampNs / 1_000_000n)).toISOString()
      : "?";
    console.log(`  ${installation.id}  created ${created}`);
  }
  if (options.action === "list") return;

  const doomed =
    options.keep !== undefined
      ? installations.slice(options.keep)
      : installations.filter((i) => options.id!.includes(i.id));
  if (doomed.length === 0) {
    console.log("nothing to revoke");
    return;
  }
  if (!options.yes) {
    console.log(
      `would revoke ${doomed.length}: ${doomed.map((i) => i.id).join(", ")}\nadd --yes to do it`,
    );
    return;
  }
  const signer = createSigner(createUser(identity.walletKey));
  await Client.revokeInstallations(
    signer,
    inboxId,
    doomed.map((i) => i.bytes),
    config.XMTP_ENV,
  );
  console.log(`revoked ${doomed.length} installation(s)`);
}
