import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { generatePrivateKey } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { TestUser } from "../../src/testing/test-user.js";

const run = promisify(execFile);

/** `switchboard installations`: the way out of "10/10 installations" for replicas and lost data dirs. */
describe("switchboard installations", () => {
  it("lists an identity's installations and revokes all but the newest", async () => {
    const walletKey = generatePrivateKey();
    const installs = [];
    for (let i = 0; i < 3; i++)
      installs.push(await TestUser.create({ walletKey, name: `install-${i}` }));
    await Promise.all(installs.map((user) => user.stop()));
    const env = {
      ...process.env,
      XMTP_WALLET_KEY: walletKey,
      XMTP_ENV: "local",
      SWITCHBOARD_DATA_DIR: mkdtempSync(join(tmpdir(), "switchboard-installs-")),
    };
    const cli = (...args: string[]) =>
      run(process.execPath, ["--import", "tsx", "src/cli/main.ts", "installations", ...args], {
        env,
        timeout: 60_000,
      });

    expect((await cli("list")).stdout).toContain("3/10 installations");
    const dryRun = await cli("revoke", "--keep", "1");
    expect(dryRun.stdout).toContain("would revoke 2");
    expect((await cli("list")).stdout).toContain("3/10 installations");
    expect((await cli("revoke", "--keep", "1", "--yes")).stdout).toContain(
      "revoked 2 installation(s)",
    );
    expect((await cli("list")).stdout).toContain("1/10 installations");
    const refused = await cli("revoke").catch((error: { stderr: string; code: number }) => error);
    expect("code" in refused && refused.code).toBe(2);
    expect((refused as { stderr: string }).stderr).toContain("revoke needs --keep N");
  });
});
