// Ends every jest run with one plain line, `Tests: N passed, N failed, N skipped`, a form that
// tools reading test output understand without knowing jest's layout. Written as the process
// exits, so it comes after jest's own summary and really is the last line.
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`;
    process.once('exit', () => process.stderr.write(line));
  }
}
