// The CLI's help, apart from the commands' code: `--help` and usage errors print it without
// loading a command (the chat and the playground load XMTP clients, the devnode gRPC).

export const INIT_USAGE = `switchboard init <dir> [--from <switchboard version, tarball or path>]

Writes a new agent project in <dir>: agent.ts, main.ts, an end-to-end test (agent.test.ts),
ecosystem.config.cjs for PM2, .env.example and a README. Then: cd <dir> && npm install &&
npm test (or npm start to chat with the agent on a local node). --from sets the switchboard
dependency (a local .tgz or folder becomes file:<absolute path>); this version by default.`;

export const CHAT_USAGE = `switchboard chat [--agent agents/all-in-one.ts] [--data-dir .data/demo]

Starts a local XMTP node and the agent, then chats with it in the terminal as a simulated user.
No keys, servers or accounts needed. Type .help inside the chat.`;

export const PLAYGROUND_USAGE = `switchboard playground [--agent agents/all-in-one.ts] [--data-dir .data/demo] [--port 4173]

Starts a local XMTP node and the agent, then serves a web page on 127.0.0.1 where you chat with
it as one or several simulated users: DMs, groups, buttons, reactions, and the agent's log
lines for each conversation beside the chat. Stop with Ctrl-C.`;

export const DEVNODE_USAGE = `switchboard devnode [--port 5556] [--host 127.0.0.1] [--data-dir .data/devnode] [--memory] [--log-level info]
                   [--log-format pretty|json]

Runs a local XMTP node for node-sdk clients created with { env: "local" }.
State persists in <data-dir>/devnode.sqlite unless --memory is given. Logs are readable lines
in a terminal and JSON otherwise (--log-format chooses).`;

export const INSTALLATIONS_USAGE = `switchboard installations list
switchboard installations revoke (--keep N | --id ID...) --yes

Lists or revokes the agent identity's XMTP installations (XMTP allows 10 per inbox; every
replica and every lost data dir used one). Uses XMTP_WALLET_KEY or the identity in the data
dir, and never creates a new installation itself.`;

export const KEYGEN_USAGE = `switchboard keygen [--out .env]

Prints a new wallet key and database encryption key as .env lines (the address as a comment).
--out FILE writes them to a new FILE readable by you only (0600); it never overwrites one.
When stdout is a file (switchboard keygen > .env), that file is made 0600 before the keys go in.`;
