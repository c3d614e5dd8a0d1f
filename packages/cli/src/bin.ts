import { runCli } from './cli';

runCli(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
}).then(code => {
  // Not process.exit(): output piped to another process must be flushed first.
  process.exitCode = code;
});
