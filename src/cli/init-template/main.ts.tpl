// Runs the agent on the network in XMTP_ENV (see .env): `npm run agent`, or PM2.
import { runAgent } from "switchboard";
import { definition } from "./agent.ts";

await runAgent(definition());
