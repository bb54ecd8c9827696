// The Ambari login read from the HDInsight cluster's gateway settings through ARM
// (POST .../getGatewaySettings), when --resource-group is given and no password is: the seam in
// src/ambari/login.ts filled by src/azure/hdinsight.ts gatewayLogin().
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hdinsightKafkaCluster } from '../sim/ambari/model.js';
import { startArmSimulator, type ArmSimulator } from '../sim/arm/server.js';
import { startAmbari, type AmbariFixture } from '../support/ambari.js';
import { runArmCli } from '../support/arm-cli.js';
import { runCli } from '../support/cli.js';

let arm: ArmSimulator;
let ambari: AmbariFixture;
beforeEach(async () => {
  arm = await startArmSimulator();
  ambari = await startAmbari({ clusters: [hdinsightKafkaCluster({ workers: 2 })] });
});
afterEach(async () => {
  await Promise.all([arm.stop(), ambari.sim.stop()]);
});

describe('the cluster login from the gateway settings', () => {
  it('lets brokers sign in to Ambari with no password given, when --resource-group names the cluster', async () => {
    const cluster = ambari.sim.cluster().name;
    arm.world.addHdinsightCluster({ resourceGroup: 'kafka-rg', name: cluster, gatewayUser: ambari.sim.user, gatewayPassword: ambari.sim.password });
    const result = await runArmCli(arm, ['brokers', ...ambari.args, '--resource-group', 'kafka-rg', '--bootstrap']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('10.0.0.12:9092,10.0.0.13:9092\n');
    expect(arm.requests().map((r) => `${r.method} ${r.path.split('/').slice(-2).join('/')}`)).toEqual([`POST ${cluster}/getGatewaySettings`]);
    // The password came through, and went nowhere else.
    expect(result.stdout + result.stderr).not.toContain(ambari.sim.password);
  });

  it('a wrong gateway password is refused by Ambari (exit 5)', async () => {
    const cluster = ambari.sim.cluster().name;
    arm.world.addHdinsightCluster({ resourceGroup: 'kafka-rg', name: cluster, gatewayPassword: 'stale-password' });
    const result = await runArmCli(arm, ['brokers', ...ambari.args, '--resource-group', 'kafka-rg']);
    expect(result.code).toBe(5);
    expect(result.stderr).not.toContain('stale-password');
  });

  it('AMBARI_PASSWORD still comes first, and without --resource-group Azure is never asked', async () => {
    const withPassword = await runArmCli(arm, ['brokers', ...ambari.args, '--resource-group', 'kafka-rg', '--bootstrap'], ambari.env);
    expect(withPassword.code, withPassword.stderr).toBe(0);
    const withoutAzure = await runCli(['brokers', ...ambari.args]);
    expect(withoutAzure.code).toBe(2);
    expect(withoutAzure.stderr).toContain('No Ambari password was given.');
    expect(arm.requests()).toEqual([]);
  });
});
