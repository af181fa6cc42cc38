import { describe, expect, it } from "vitest";
import { parseGateRequest } from "./gate-request.js";

const TKN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

describe("parseGateRequest", () => {
  it("reads the friendly forms, normalizing the address", () => {
    expect(parseGateRequest("erc20", [TKN.toLowerCase(), "2.5"], "")).toEqual({
      ok: true,
      request: { action: "erc20", token: TKN, amount: "2.5" },
    });
    expect(parseGateRequest("erc721", [TKN, "007"], "")).toEqual({
      ok: true,
      request: { action: "erc721", token: TKN, tokenId: "7" },
    });
    expect(parseGateRequest("erc721", [TKN], "")).toEqual({
      ok: true,
      request: { action: "erc721", token: TKN, tokenId: undefined },
    });
  });

  it("names the bad argument and shows the usage", () => {
    const result = parseGateRequest("erc20", ["0x1234", "lots"], "");
    expect(result).toEqual({
      ok: false,
      error: expect.stringContaining("<token>: must be a 0x address"),
    });
    expect(!result.ok && result.error).toContain('<min>: must be a number of tokens, like "100"');
    expect(!result.ok && result.error).toContain("Usage: /gate erc20 <token> <min>");
    expect(parseGateRequest("erc20", [TKN], "")).toEqual({
      ok: false,
      error: "Usage: /gate erc20 <token> <min>",
    });
    expect(parseGateRequest("off", ["now"], "")).toEqual({ ok: false, error: "Usage: /gate off" });
  });

  it("takes /gate set's JSON from the text as typed, quotes and spaces intact", () => {
    const json = `{ "kind": "erc721-owner", "token": "${TKN}" }`;
    expect(parseGateRequest("set", ["{", "kind:"], `/gate SET ${json}`)).toEqual({
      ok: true,
      request: { action: "set", json },
    });
  });

  it("straightens the curly quotes phones type", () => {
    expect(parseGateRequest("set", [], "/gate set {\u201Ckind\u201D: \u201Call\u201D}")).toEqual({
      ok: true,
      request: { action: "set", json: '{"kind": "all"}' },
    });
  });

  it("asks for the JSON when /gate set has none", () => {
    expect(parseGateRequest("set", [], "/gate set  ")).toEqual({
      ok: false,
      error: "Usage: /gate set <condition JSON>",
    });
  });

  it("shows the gate when no action is given", () => {
    expect(parseGateRequest(undefined, [], "/gate")).toEqual({
      ok: true,
      request: { action: "show" },
    });
  });
});
