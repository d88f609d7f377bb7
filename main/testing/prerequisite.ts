// Tests that need something outside the repo (../shared/models beside the clone, the TFLite runtime, a built
// dist/) skip with a printed reason on a developer's machine that lacks it. CI sets TINYML_STRICT_TESTS=1
// (.ci/run): there a missing prerequisite fails the run instead, so a broken set-up can never pass as green.
export function missingPrerequisite(reason: string | null | undefined): boolean {
  if (!reason) return false;
  if (process.env.TINYML_STRICT_TESTS === '1') {
    throw new Error(`A test prerequisite is missing and TINYML_STRICT_TESTS=1 forbids skipping: ${reason}`);
  }
  console.warn(`skipping: ${reason}`);
  return true;
}

/** The reason a path is missing, for missingPrerequisite(). */
export function pathMissing(exists: boolean, what: string): string | null {
  return exists ? null : `${what} is missing`;
}
