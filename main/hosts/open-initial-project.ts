// What a freshly started app shows: the most recent project that still opens, else the sample project
// (created on first start), so a new user lands on a working model instead of an empty window.
import type { ProjectInfo } from '../../shared/api/project-service';
import type { Api } from '../../shared/api/api';

export async function openInitialProject(project: Api['project'], log: (text: string) => void = () => {}): Promise<ProjectInfo | null> {
  const open = await project.current();
  if (open) return open;
  const recent = await project.recent().catch(() => []);
  for (const entry of recent.slice(0, 3)) {
    try {
      return await project.open(entry.dir);
    } catch (e) {
      // Moved or deleted since last time: try the next one rather than refusing to start.
      log(`Could not reopen ${entry.dir}: ${(e as Error).message}`);
    }
  }
  try {
    return await project.openSample();
  } catch (e) {
    log(`Could not create the sample project: ${(e as Error).message}`);
    return null;
  }
}
