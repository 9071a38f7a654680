/**
 * sys/leader (API docs "/sys/leader"): the HA status. `vault status` reads it after the seal
 * status. kmipd nodes share one database but have no leader election, so HA is reported off.
 */
import type { SysPathDef } from "./context.js";

export function leaderPaths(): SysPathDef[] {
  return [
    {
      pattern: "leader",
      summary: "Read the high-availability status (not enabled in kmipd).",
      unauthenticated: true,
      operations: {
        read: async () => ({
          raw: true,
          data: {
            ha_enabled: false,
            is_self: false,
            active_time: "0001-01-01T00:00:00Z",
            leader_address: "",
            leader_cluster_address: "",
            performance_standby: false,
            performance_standby_last_remote_wal: 0,
          },
        }),
      },
    },
  ];
}
