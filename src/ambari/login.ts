// Where the Ambari password comes from, in order: --ambari-password-stdin, AMBARI_PASSWORD, the
// cluster's gateway settings through ARM (a seam: the ARM issue supplies `fromGateway`), a prompt on
// a TTY. Never from a flag's value: argv is visible to every user of the machine (`ps`).
import { usageError } from '../errors.js';
import type { AmbariLogin } from './client.js';

export interface PasswordSources {
  /** --ambari-password-stdin was given: read the password from standard input. */
  passwordFromStdin: boolean;
  readStdin: () => Promise<string>;
  /** AMBARI_PASSWORD, as the Context read it. */
  envPassword: string | undefined;
  /** The HDInsight gateway credential read through ARM, when the command can reach ARM. */
  fromGateway?: () => Promise<AmbariLogin | undefined>;
  /** Ask on the terminal; absent when stdin is not a TTY. */
  prompt?: (question: string) => Promise<string>;
}

export async function resolveAmbariLogin(user: string | undefined, sources: PasswordSources): Promise<AmbariLogin> {
  const chosenUser = user ?? 'admin';
  if (sources.passwordFromStdin) {
    const password = stripFinalNewline(await sources.readStdin());
    if (password === '') {
      throw usageError('--ambari-password-stdin was given but standard input was empty.', {
        hint: "Pipe the password in, e.g. `printf '%s' \"$AMBARI_PASSWORD\" | kafka-aks ... --ambari-password-stdin`.",
      });
    }
    return { user: chosenUser, password };
  }
  if (sources.envPassword !== undefined && sources.envPassword !== '') return { user: chosenUser, password: sources.envPassword };
  if (sources.fromGateway) {
    const gateway = await sources.fromGateway();
    if (gateway) return { user: user ?? gateway.user, password: gateway.password };
  }
  if (sources.prompt) {
    const password = await sources.prompt(`Ambari password for ${chosenUser}: `);
    if (password !== '') return { user: chosenUser, password };
  }
  throw usageError('No Ambari password was given.', {
    hint: 'Set AMBARI_PASSWORD, or pipe the password in with --ambari-password-stdin (the cluster login password).',
  });
}

function stripFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}
