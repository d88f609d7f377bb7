// Where TinyML Studio keeps its own state (not the user's projects): recent list, the sample project.
// One function per location so the app, the CLI and tests agree; tests point TINYML_HOME at a temp folder.
import os from 'node:os';
import path from 'node:path';

export const HOME_ENV_VAR = 'TINYML_HOME';

export function resolveHomeDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[HOME_ENV_VAR];
  if (fromEnv && fromEnv.trim() !== '') return path.resolve(fromEnv);
  return path.join(os.homedir(), '.tinyml-studio');
}

export function recentProjectsFile(homeDir: string): string {
  return path.join(homeDir, 'recent-projects.json');
}

export function sampleProjectDir(homeDir: string): string {
  return path.join(homeDir, 'projects', 'sample');
}
