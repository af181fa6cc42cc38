// PM2 apps, one per agent. Fork mode and one instance each: an agent is one XMTP identity, and
// XMTP allows 10 installations per inbox, so agents scale by replicas (see README), not by
// PM2 cluster workers. Every app runs TypeScript through tsx on the project's own Node 22.
const path = require("node:path");

const DRAIN_TIMEOUT_MS = 10_000;

/** @param {string} name the file in agents/ and the PM2 app name */
function agentApp(name, env = {}) {
  return {
    name,
    script: path.join(__dirname, "agents", `${name}.ts`),
    cwd: __dirname,
    interpreter: path.join(__dirname, "node_modules", ".bin", "node"),
    node_args: ["--import", "tsx", "--disable-warning=ExperimentalWarning"],
    exec_mode: "fork",
    instances: 1,
    // The runtime calls process.send("ready") once its streams are up and caught up.
    wait_ready: true,
    listen_timeout: 60_000,
    // PM2 sends SIGINT, the runtime drains for up to SWITCHBOARD_DRAIN_TIMEOUT_MS: wait longer.
    kill_timeout: DRAIN_TIMEOUT_MS + 5_000,
    autorestart: true,
    exp_backoff_restart_delay: 500,
    max_restarts: 20,
    min_uptime: "20s",
    max_memory_restart: "512M",
    time: true,
    env: {
      NODE_ENV: "production",
      XMTP_ENV: "local",
      SWITCHBOARD_DATA_DIR: path.join(__dirname, ".data", name),
      SWITCHBOARD_DRAIN_TIMEOUT_MS: String(DRAIN_TIMEOUT_MS),
      ...env,
    },
  };
}

module.exports = {
  apps: [
    agentApp("all-in-one"),
    agentApp("pollbot"),
    agentApp("moderator"),
    agentApp("gatekeeper"),
  ],
};
