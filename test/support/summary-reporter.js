// Ends every jest run with one plain line, `Tests: N passed, N failed, N skipped`, a form that
// tools reading test output understand without knowing jest's own summary layout.
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(
      `Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`,
    );
  }
}
