// kafka-aks at a keyboard: on a terminal it asks before restarting brokers and asks for the Ambari
// password without echoing it. (Everything a pipe or CI sees is covered by the other end-to-end tests.)
import { afterEach, describe, expect, it } from 'vitest';
import { desiredConfig, hdinsightKafkaCluster } from '../sim/ambari/model.js';
import { startAmbari, type AmbariFixture } from '../support/ambari.js';
import { runOnTerminal } from '../support/terminal.js';
import { startWorld, type World } from '../sim/world.js';

let ambari: AmbariFixture | undefined;
let world: World | undefined;
afterEach(async () => {
  await ambari?.sim.stop();
  await world?.stop();
  ambari = undefined;
  world = undefined;
});

describe('on a terminal', () => {
  it('configure-advertising shows the change, asks, and goes ahead on "y"', async () => {
    ambari = await startAmbari({ clusters: [hdinsightKafkaCluster()] });
    const result = await runOnTerminal(['configure-advertising', ...ambari.args, '--poll-interval', '0.01'], {
      env: ambari.env,
      answers: [{ after: 'Continue? [y/N] ', keys: 'y\r' }],
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('+ PLAINTEXT://0.0.0.0:9092');
    expect(result.stdout).toContain('restart 3 brokers all at once under maintenance mode. Continue? [y/N]');
    expect(result.stdout).toContain('Configured: every broker of kafka now advertises its IP.');
    expect(desiredConfig(ambari.sim.cluster(), 'kafka-broker')!.properties.listeners).toBe('PLAINTEXT://0.0.0.0:9092');
  });

  it('configure-advertising changes nothing when the answer is no', async () => {
    ambari = await startAmbari({ clusters: [hdinsightKafkaCluster()] });
    const result = await runOnTerminal(['configure-advertising', ...ambari.args], {
      env: ambari.env,
      answers: [{ after: 'Continue? [y/N] ', keys: 'n\r' }],
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Cancelled: nothing was changed.');
    expect(ambari.sim.writes()).toEqual([]);
  });

  it('up asks once, before its first write; "no" changes nothing anywhere and says how to go on, not how to resume', async () => {
    world = await startWorld();
    const result = await runOnTerminal(['up', ...world.cliArgs.clusters], {
      env: world.env,
      answers: [{ after: 'Continue? [y/N] ', keys: 'n\r' }],
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Cancelled: nothing was changed.');
    expect(result.stdout).toMatch(/When you are ready, run `kafka-aks up .*` again and answer y \(or add --yes\)/);
    expect(result.stdout).not.toContain('Resume with');
    expect(world.writes()).toEqual({ arm: [], ambari: [] });
  });

  it('asks for the Ambari password without echoing it, and never shows it', async () => {
    ambari = await startAmbari({ clusters: [hdinsightKafkaCluster()] });
    const result = await runOnTerminal(['brokers', ...ambari.args, '--bootstrap'], {
      answers: [{ after: 'Ambari password for admin: ', keys: `${ambari.sim.password}\r` }],
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Ambari password for admin: ');
    expect(result.stdout).toContain('10.0.0.12:9092,10.0.0.13:9092,10.0.0.14:9092');
    expect(result.stdout).not.toContain(ambari.sim.password);
    // On a terminal the wait is an ora spinner, which ends in a ✔ line.
    expect(result.stdout).toContain('✔ 3 Kafka brokers in kafka');
  });

  it('a terminal that reports no size gets plain progress lines, not a runaway spinner', async () => {
    ambari = await startAmbari({ clusters: [hdinsightKafkaCluster()] });
    const result = await runOnTerminal(['brokers', ...ambari.args, '--bootstrap'], { env: ambari.env, sized: false });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('- Reading the Kafka brokers of kafka from Ambari');
    expect(result.stdout.length).toBeLessThan(2000);
  });
});
