// commander, loaded through require(): its ESM entry (esm.mjs) wraps the CommonJS build and costs
// ~5 ms more on every start, which is most of what `kafka-aks --help` may spend beyond Node itself
// (bench/cold-start). Everything in src/ imports commander from here.
import { createRequire } from 'node:module';
import type * as Commander from 'commander';

const commander = createRequire(import.meta.url)('commander') as typeof Commander;

export const { Argument, Command, CommanderError, InvalidArgumentError, Option } = commander;
export type Argument = Commander.Argument;
export type Command = Commander.Command;
export type CommanderError = Commander.CommanderError;
export type InvalidArgumentError = Commander.InvalidArgumentError;
export type Option = Commander.Option;
