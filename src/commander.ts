// commander, re-exported so that every file in src/ names one import. The build bundles it into the
// start-up chunk (scripts/build.ts), so its ESM wrapper costs no extra file load at start.
export { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
