// `kafka-aks peer` when Azure misbehaves: throttling and transient errors are retried by the SDK's own
// policy; refusals and failed operations end with ARM's code in one sentence; Ctrl-C says what exists.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startArmSimulator, type ArmSimulator } from '../sim/arm/server.js';
import type { ChildProcess } from 'node:child_process';
import { runArmCli } from '../support/arm-cli.js';
import { json, peer, seedPeerWorld } from './peer-world.js';

let sim: ArmSimulator;
beforeEach(async () => {
  sim = await startArmSimulator();
});
afterEach(() => sim.stop());

describe('kafka-aks peer under faults', () => {
  it('completes after ARM throttles a read and a peering PUT (429 with Retry-After)', async () => {
    const world = seedPeerWorld(sim);
    sim.faults.throttle({ method: 'GET', pathIncludes: 'managedClusters' });
    sim.faults.throttle({ method: 'PUT', pathIncludes: 'virtualNetworkPeerings' });
    const result = await peer(sim, [...world.args, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const statuses = sim.requests().map((r) => `${r.method} ${r.status}`);
    expect(statuses.filter((s) => s.endsWith(' 429'))).toEqual(['GET 429', 'PUT 429']);
    expect(json(result).peerings.every((p) => p.state === 'Connected')).toBe(true);
  });

  it('completes after one transient 500', async () => {
    const world = seedPeerWorld(sim);
    sim.faults.serverError({ method: 'GET', pathIncludes: 'Microsoft.HDInsight' });
    const result = await peer(sim, world.args);
    expect(result.code, result.stderr).toBe(0);
    expect(sim.requests().filter((r) => r.path.includes('Microsoft.HDInsight')).map((r) => r.status)).toEqual([500, 200]);
  });

  it('AuthorizationFailed: exit 5 naming the missing permission and the scope', async () => {
    const world = seedPeerWorld(sim);
    sim.faults.deny({ scope: world.kafkaVnet, action: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write' });
    const result = await peer(sim, world.args);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain(
      `Error: Creating peering kafka-aks-to-${world.aksVnet.split('/').pop()} on VNet kafka-vnet was refused: the signed-in identity lacks the permission Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write on ${world.kafkaVnet}/virtualNetworkPeerings/`,
    );
    expect(result.stderr).toContain('(AuthorizationFailed)');
  });

  it("a long-running operation that ends Failed: exit 1 with ARM's code and message", async () => {
    const world = seedPeerWorld(sim);
    sim.faults.failNextOperation(
      { code: 'InternalServerError', message: 'An error occurred while provisioning the peering.' },
      { pathIncludes: world.kafkaVnet },
    );
    const result = await peer(sim, world.args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Error: Creating peering kafka-aks-to-aks-vnet-\d+ on VNet kafka-vnet failed in Azure: An error occurred while provisioning the peering \(InternalServerError\)\./,
    );
  });

  it('Ctrl-C while the clusters and VNets are still being read: exit 130 at once, nothing written', async () => {
    const world = seedPeerWorld(sim);
    sim.latencyMs = 60_000;
    let child: ChildProcess | undefined;
    const running = runArmCli(sim, ['peer', ...world.args], {}, { onSpawn: (spawned) => (child = spawned) });
    await sim.waitUntil(() => sim.requests().length > 0);
    child!.kill('SIGINT');
    const interrupted = await running;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('Error: Interrupted by Ctrl-C.');
    expect(interrupted.stderr).toContain('Run the same command again');
    expect(sim.writes()).toEqual([]);
  });

  it.each([
    ['SIGINT', 130, 'Interrupted'],
    ['SIGTERM', 143, 'Terminated (SIGTERM)'],
    ['SIGHUP', 129, 'Hung up (SIGHUP)'],
  ] as const)('%s while the peerings are being created: exit %i, says which exist; the next run completes', async (signal, code, stopped) => {
    const world = seedPeerWorld(sim);
    sim.lroDurationMs = 60_000;
    let child: ChildProcess | undefined;
    const running = runArmCli(sim, ['peer', ...world.args], {}, { onSpawn: (spawned) => (child = spawned) });
    await sim.waitUntil(() => sim.writes().length === 2 && sim.requests().some((r) => r.path.includes('/operations/')));
    child!.kill(signal);
    const interrupted = await running;
    expect(interrupted.code).toBe(code);
    expect(interrupted.stderr).toContain(`Error: ${stopped} while peering. In Azure now:`);
    expect(interrupted.stderr).toMatch(/In Azure now: kafka-aks-to-kafka-vnet on aks-vnet-\d+ exists \(Connected, provisioning Updating\); kafka-aks-to-aks-vnet-\d+ on kafka-vnet exists \(Connected, provisioning Updating\)\./);
    expect(interrupted.stderr).toContain('Run the same command again: it finds what exists and completes the rest.');

    // Azure carries on without the client. A run while it still does says so, rather than "nothing to do".
    const meanwhile = await peer(sim, world.args);
    expect(meanwhile.code).toBe(1);
    expect(meanwhile.stderr).toContain('Error: Azure is still applying a change: kafka-aks-to-kafka-vnet on aks-vnet-');
    expect(meanwhile.stderr).toContain('provisioning Updating');
    expect(meanwhile.stderr).not.toContain('Nothing to do');

    // Once Azure is done, the next run finds both and verifies them.
    sim.operations.finishAll();
    sim.lroDurationMs = 0;
    const again = await peer(sim, [...world.args, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(json(again).peerings.map((p) => p.state)).toEqual(['Connected', 'Connected']);
  });
});
