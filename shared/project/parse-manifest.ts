// Turns the text of a tinyml.json into a validated manifest, or a USER_ERROR that names the file and the problem.
// Pure so the back end, the CLI and tests share one judgement of what a valid manifest is.
import { userError } from '../api/errors';
import { MANIFEST_SCHEMA_VERSION, manifestSchema, type ProjectManifest } from './manifest';

/** `file` is only used in messages (an absolute path on the back end). */
export function parseManifestText(text: string, file: string): ProjectManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw userError(
      `The project manifest ${file} is not valid JSON: ${(e as Error).message}.`,
      'Fix the file by hand or restore it from version control; TinyML Studio does not overwrite a manifest it cannot read.',
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw userError(`The project manifest ${file} must hold a JSON object.`, 'Fix the file by hand or restore it from version control.');
  }
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > MANIFEST_SCHEMA_VERSION) {
    throw userError(
      `The project manifest ${file} was made by a newer TinyML Studio (schema ${version}); this version understands schema ${MANIFEST_SCHEMA_VERSION}.`,
      'Update the app to open this project. The file was left untouched.',
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
      .join('; ');
    const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : '';
    throw userError(
      `The project manifest ${file} does not match the expected format: ${issues}${more}.`,
      'Fix these fields by hand or restore the file from version control; TinyML Studio does not overwrite a manifest it cannot read.',
      parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    );
  }
  return parsed.data;
}

/** The canonical text we write: stable key order from the schema, 2-space indent, trailing newline (diff-friendly). */
export function formatManifest(manifest: ProjectManifest): string {
  return `${JSON.stringify(manifestSchema.parse(manifest), null, 2)}\n`;
}
