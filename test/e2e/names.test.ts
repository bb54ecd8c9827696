// Names go into ARM and Ambari paths, and `..` in a path is the parent: `brokers --cluster ..` would read
// /api/v1/hosts and `peer --resource-group ..` a subscription-wide list. Every name is checked by Azure's
// rule for it as the flags are parsed: exit 2, the rule stated, and not one request to either simulator.
import { afterEach, describe, expect, it } from 'vitest';
import { startArmSimulator, type ArmSimulator } from '../sim/arm/server.js';
import { startAmbari, type AmbariFixture } from '../support/ambari.js';
import { runCli, type CliResult } from '../support/cli.js';
import { peer, seedPeerWorld, type PeerWorld } from './peer-world.js';

let ambari: AmbariFixture | undefined;
let arm: { sim: ArmSimulator; world: PeerWorld } | undefined;
afterEach(async () => {
  await ambari?.sim.stop();
  await arm?.sim.stop();
  ambari = undefined;
  arm = undefined;
});

/** What escapes a path, or is not a name at all, and what merely breaks the rule. */
const ESCAPING = ['..', '.', '', 'a/b', '%2e%2e'];
const BAD_CLUSTER_NAMES = [...ESCAPING, 'kafkä', 'k'.repeat(60)];
const BAD_RESOURCE_GROUPS = [...ESCAPING, 'rg\u2215x', 'r'.repeat(91)];

const HDINSIGHT_RULE = 'HDInsight cluster names are 3-59 letters, digits and hyphens, starting and ending with a letter or digit.';
const RESOURCE_GROUP_RULE = 'Resource group names are 1-90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period.';

function expectRefused(result: CliResult, flag: string, value: string, rule: string): void {
  expect(result.code, `${flag} '${value}'`).toBe(2);
  expect(result.stderr.split('\n')[0], `${flag} '${value}'`).toBe(`error: option '${flag}' argument '${value}' is invalid. ${rule}`);
}

describe('names that would escape their path, through Ambari', () => {
  it('brokers --cluster: each bad name is refused with the rule, and Ambari hears nothing', async () => {
    ambari = await startAmbari();
    for (const name of BAD_CLUSTER_NAMES) {
      const result = await runCli(['brokers', '--cluster', name, '--ambari-url', ambari.sim.url], { env: ambari.env });
      expectRefused(result, '--cluster <name>', name, HDINSIGHT_RULE);
    }
    expect(ambari.sim.log).toEqual([]);
  });

  it('configure-advertising and smoke-test take --cluster by the same rule, and --resource-group by ARM’s', async () => {
    ambari = await startAmbari();
    const { env } = ambari;
    const url = ['--ambari-url', ambari.sim.url];
    for (const name of ['..', 'a/b']) {
      expectRefused(await runCli(['configure-advertising', '--cluster', name, ...url, '--yes'], { env }), '--cluster <name>', name, HDINSIGHT_RULE);
      expectRefused(await runCli(['smoke-test', '--cluster', name, ...url], { env }), '--cluster <name>', name, HDINSIGHT_RULE);
      expectRefused(await runCli(['brokers', '--cluster', 'kafka', '--resource-group', name, ...url], { env }), '--resource-group <rg>', name, RESOURCE_GROUP_RULE);
    }
    expect(ambari.sim.log).toEqual([]);
  });
});

describe('names that would escape their path, through ARM (peer)', () => {
  /** peer with the world's flags, one of them (or one more) given this value. */
  async function peerWith(flag: string, value: string): Promise<CliResult> {
    if (!arm) {
      const sim = await startArmSimulator();
      arm = { sim, world: seedPeerWorld(sim) };
    }
    const args = [...arm.world.args];
    const at = args.indexOf(flag);
    if (at >= 0) args[at + 1] = value;
    else args.push(flag, value);
    return peer(arm.sim, args);
  }

  it('--cluster and --resource-group: each bad name is refused with the rule, and ARM hears nothing', async () => {
    for (const name of BAD_CLUSTER_NAMES) expectRefused(await peerWith('--cluster', name), '--cluster <name>', name, HDINSIGHT_RULE);
    for (const name of BAD_RESOURCE_GROUPS) expectRefused(await peerWith('--resource-group', name), '--resource-group <rg>', name, RESOURCE_GROUP_RULE);
    expect(arm!.sim.requests()).toEqual([]);
  });

  it('--aks, --aks-resource-group and --aks-subscription too', async () => {
    const aksRule = 'AKS cluster names are 1-63 letters, digits, underscores and hyphens, starting and ending with a letter or digit.';
    for (const name of ['..', 'a/b', 'a'.repeat(64)]) expectRefused(await peerWith('--aks', name), '--aks <name>', name, aksRule);
    expectRefused(await peerWith('--aks-resource-group', '..'), '--aks-resource-group <rg>', '..', RESOURCE_GROUP_RULE);
    const subscriptionRule = 'Subscription ids are GUIDs (`az account list -o table` lists them).';
    expectRefused(await peerWith('--aks-subscription', '..'), '--aks-subscription <id>', '..', subscriptionRule);
    expect(arm!.sim.requests()).toEqual([]);
  });

  it('a VNet id whose resource group is ..: exit 2 naming the rule, before any request', async () => {
    const id = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/../providers/Microsoft.Network/virtualNetworks/kafka-vnet';
    const result = await peerWith('--hdinsight-vnet', id);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Error: --hdinsight-vnet "${id}" is not a virtual network resource id. ${RESOURCE_GROUP_RULE}`);
    expect(arm!.sim.requests()).toEqual([]);
  });
});
