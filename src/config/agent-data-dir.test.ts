import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isSwitchboardError } from "../errors/switchboard-error.js";
import { withAgentDataDir } from "./agent-data-dir.js";
import { resolveWalletKey } from "./identity-files.js";
import { loadConfig } from "./load-config.js";

describe("withAgentDataDir", () => {
  const unset = loadConfig({ env: {}, envFile: false });

  it("gives each agent its own folder under .data when none is configured", () => {
    expect(withAgentDataDir(unset, "pollbot").SWITCHBOARD_DATA_DIR).toBe(join(".data", "pollbot"));
    expect(withAgentDataDir(unset, "moderator").SWITCHBOARD_DATA_DIR).toBe(
      join(".data", "moderator"),
    );
  });

  it("keeps a configured data dir as it is", () => {
    const config = { ...unset, SWITCHBOARD_DATA_DIR: "/srv/bot" };
    expect(withAgentDataDir(config, "pollbot").SWITCHBOARD_DATA_DIR).toBe("/srv/bot");
  });

  it("turns any agent name into one folder name inside .data", () => {
    expect(withAgentDataDir(unset, "../../etc/My Bot!").SWITCHBOARD_DATA_DIR).toBe(
      join(".data", "-..-etc-My-Bot-"),
    );
    expect(withAgentDataDir(unset, "..").SWITCHBOARD_DATA_DIR).toBe(join(".data", "agent"));
  });
});

describe("resolveWalletKey without a data dir", () => {
  it("asks for SWITCHBOARD_DATA_DIR or XMTP_WALLET_KEY instead of guessing a folder", () => {
    let caught: unknown;
    try {
      resolveWalletKey({ XMTP_WALLET_KEY: undefined, XMTP_DB_ENCRYPTION_KEY: undefined });
    } catch (error) {
      caught = error;
    }
    expect(isSwitchboardError(caught, "SB_ERR_CONFIG_INVALID")).toBe(true);
    expect((caught as Error).message).toMatch(/set SWITCHBOARD_DATA_DIR .* or XMTP_WALLET_KEY/);
  });
});
