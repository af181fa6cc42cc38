import { IdentifierKind } from "./enums.js";

/** An Ethereum address as XMTP identifies it (lowercase). */
export function ethereumIdentifier(address: string) {
  return { identifier: address.toLowerCase(), identifierKind: IdentifierKind.Ethereum };
}
