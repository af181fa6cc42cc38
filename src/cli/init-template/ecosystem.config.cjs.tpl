// `pm2 start ecosystem.config.cjs`: the agent as one fork-mode process on plain Node (>= 22.18
// runs main.ts as it is). One identity is one process; see Switchboard's README for replicas.
const path = require("node:path");

module.exports = {
  apps: [
    {
      name: "{{name}}",
      script: path.join(__dirname, "main.ts"),
      cwd: __dirname,
      // node:sqlite is stable in use but still flagged experimental in Node 22: keep logs clean.
      node_args: ["--disable-warning=ExperimentalWarning"],
      exec_mode: "fork",
      instances: 1,
      // The agent sends "ready" once its streams are up and caught up.
      wait_ready: true,
      listen_timeout: 60_000,
      // SIGINT drains in-flight handlers for up to SWITCHBOARD_DRAIN_TIMEOUT_MS (10 s).
      kill_timeout: 15_000,
      autorestart: true,
      // No restart_delay / exp_backoff_restart_delay: with either, PM2 7 reports a crash-looping
      // app as "waiting restart" forever instead of "errored" once max_restarts is reached.
      max_restarts: 10,
      min_uptime: "20s",
      time: true,
      env: {
        NODE_ENV: "production",
        SWITCHBOARD_DATA_DIR: path.join(__dirname, ".data", "{{name}}"),
      },
    },
  ],
};
