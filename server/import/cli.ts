// `npm run import -- <stream> <file> [...]`: see args.ts for the options and docs/IMPORT.md.
// The report goes to stdout (as JSON with --json), progress and errors to stderr; the exit code
// is 0 when every usable row is in, 1 when the import failed (nothing of a bad file is written),
// 2 for a usage error.
import { ConfigError } from '../config';
import { describeCrawlReport, looksLikeCrawlImport, runCrawlImport } from './crawl-files';
import { USAGE, UsageError, parseImportArgs } from './args';
import { ImportRowError } from './plan';
import { ImportFileError } from './read';
import { describeReport } from './report';
import { chooseTarget, runImport } from './run';
import { ImportTargetError } from './target';
import { PROJECTION_COMMAND, importProjection } from './projection';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === PROJECTION_COMMAND) {
    const file = argv[1];
    if (argv.length !== 2 || file === undefined) {
      process.stderr.write(`usage: npm run import -- ${PROJECTION_COMMAND} <file in Epoch's compute_projection.csv format>\n`);
      return 2;
    }
    try {
      process.stdout.write(await importProjection(file, process.env));
      return 0;
    } catch (e) {
      if (e instanceof ImportFileError || e instanceof ImportTargetError || e instanceof ConfigError) {
        process.stderr.write(`import failed, nothing written: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  }
  let args;
  try {
    args = parseImportArgs(process.argv.slice(2), process.env);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    if (looksLikeCrawlImport(args)) {
      const io = { env: process.env };
      const report = await runCrawlImport(args, { ...io, chooseTarget: () => chooseTarget(args, io) });
      process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : describeCrawlReport(report));
      return 0;
    }
    if (args.more) {
      process.stderr.write(`only crawl files (.warc, .wet, optionally .gz) can be imported several at once\n\n${USAGE}\n`);
      return 2;
    }
    const report = await runImport(args, { env: process.env });
    process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : describeReport(report));
    return 0;
  } catch (e) {
    if (e instanceof ImportRowError) {
      process.stderr.write(`import failed, nothing written: ${e.message}\n`);
      return 1;
    }
    if (e instanceof ImportFileError || e instanceof ImportTargetError || e instanceof ConfigError) {
      process.stderr.write(`import failed: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`import failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  }
);
