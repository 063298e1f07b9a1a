// Writes reports/jest/<project>.json with the run's totals, so `npm test` can print one
// closing line for the whole workspace. Skipped and todo tests are counted as failures:
// a skipped test is a defect in this project.
const fs = require('node:fs');
const path = require('node:path');

const reportsDir = path.join(__dirname, '..', '..', 'reports', 'jest');

class SummaryReporter {
  constructor(_globalConfig, options) {
    this.project = options.project;
  }

  onRunComplete(_contexts, results) {
    // Suites that could not run (a syntax error, a failing import) have no test results of their
    // own: count each as one failure. Suites with failing tests are counted through those tests.
    const failedSuites = results.numRuntimeErrorTestSuites;
    const summary = {
      project: this.project,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      failedSuites,
    };
    fs.mkdirSync(reportsDir, { recursive: true });
    fs.writeFileSync(path.join(reportsDir, `${this.project}.json`), `${JSON.stringify(summary)}\n`);
  }
}

module.exports = SummaryReporter;
