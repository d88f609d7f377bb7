// Process entry of the `tinyml` command (bundled to dist/main/cli.mjs; bin/tinyml.mjs loads it).
import { runCli } from './run-cli';

process.exitCode = await runCli(process.argv.slice(2));
