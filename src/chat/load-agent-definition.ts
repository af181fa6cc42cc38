import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import type { AgentDefinition } from "../agent/agent-definition.js";

const agentModuleSchema = z.object({
  definition: z.custom<() => AgentDefinition>((value) => typeof value === "function", {
    message: "the agent module must export `definition()` returning its skills and middleware",
  }),
});

/**
 * Imports an agent module (a file exporting `definition()`, like those in agents/) and checks
 * its shape, for the tools that run any agent: the chat, the playground.
 *
 * @example
 * const definition = await loadAgentDefinition("agents/all-in-one.ts");
 * await startDemo(definition());
 */
export async function loadAgentDefinition(path: string): Promise<() => AgentDefinition> {
  return agentModuleSchema.parse(await import(pathToFileURL(resolve(path)).href)).definition;
}
