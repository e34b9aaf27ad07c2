/**
 * The runner a JUnit report names, from the `name` its reporter gives `<testsuites>`/`<testsuite>` or the
 * properties it records: vitest ("vitest tests"), jest-junit ("jest tests"), mocha-junit-reporter ("Mocha Tests"),
 * pytest ("pytest tests", or a suite named "pytest"), gotestsum and go-junit-report (a `go.version` property).
 * Surefire, Gradle and .NET's JunitXml name no runner: `junit`.
 */
export function runnerOf(suiteName: string | undefined, properties: ReadonlySet<string>): string | undefined {
  if (properties.has('go.version')) return 'go';
  switch ((suiteName ?? '').trim().toLowerCase()) {
    case 'vitest tests':
      return 'vitest';
    case 'jest tests':
      return 'jest';
    case 'mocha tests':
      return 'mocha';
    case 'pytest':
    case 'pytest tests':
      return 'pytest';
    default:
      return undefined;
  }
}

/**
 * A test's full name as TAXONOMY.md wants it for its runner: vitest's, jest's, mocha's and Go's reporters already
 * write it as `name` (`suite > test`, `TestName/sub`); pytest's becomes its node id (`tests/test_x.py::Class::test`);
 * any other is `classname.name` (Maven's `pkg.Class.method`), or the one of them that holds the other.
 */
export function testName(runner: string, classname: string, name: string, file?: string): string {
  switch (runner) {
    case 'vitest':
    case 'jest':
    case 'mocha':
    case 'go':
      return name || classname;
    case 'pytest':
      return pytestNodeId(classname, name, file) ?? joined(classname, name);
    default:
      return joined(classname, name);
  }
}

function joined(classname: string, name: string): string {
  if (!classname) return name;
  if (!name || name === classname || name.startsWith(`${classname} `) || name.startsWith(`${classname}.`)) return name || classname;
  return `${classname}.${name}`;
}

/**
 * pytest's node id from its `classname` (the module's dotted path, then any classes) and `name`. The module is
 * the report's `file` when it gives one (junit_family=xunit1), else the last dotted part named as pytest collects
 * test modules by default (`test_*.py`, `*_test.py`); undefined when neither says where the module ends.
 */
function pytestNodeId(classname: string, name: string, file?: string): string | undefined {
  // A module that failed to collect is reported with an empty classname and the module as its name.
  const parts = (classname || name).split('.');
  const tail = classname ? [name] : [];
  let modulePath: string | undefined;
  let inside: string[] = [];
  const fileParts = file?.replace(/\.py$/, '').split('/');
  if (fileParts && fileParts.every((p, i) => parts[i] === p)) {
    modulePath = file;
    inside = parts.slice(fileParts.length);
  } else {
    let i = parts.length - 1;
    while (i >= 0 && !/^test_|_test$/.test(parts[i]!)) i--;
    if (i < 0) return undefined;
    modulePath = `${parts.slice(0, i + 1).join('/')}.py`;
    inside = parts.slice(i + 1);
  }
  return [modulePath, ...inside, ...tail].join('::');
}

/**
 * A test's name as two reporters of the same run would both write it: lower-cased, source-file extensions dropped,
 * every run of separators one space (jest's log writes `a › b`, jest-junit `a b`; mocha's log `a > b`, its report
 * `a b`). Where a report and a log meet (overlap.ts), where the Action compares attempts (src/decision/marks.ts) and
 * the key a test's history is kept under (src/store/test-key.ts).
 */
export function sameTestName(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/\.(?:py|[cm]?[jt]sx?|java|kt|go|cs|rb|php)\b/g, '')
    .replace(/[^\p{L}\p{N}_]+/gu, ' ')
    .trim();
}
