// The open project and the recent list. Every action goes through the API and reports failures as toasts.
import type { ProjectInfo } from '../../../shared/api/project-service';
import type { SliceCreator } from './types';

export interface RecentProject {
  dir: string;
  name: string;
  openedAt: string;
}

export interface ProjectSlice {
  project: ProjectInfo | null;
  recent: RecentProject[];
  /** True while an open/create call is in flight, so buttons can show it. */
  projectBusy: boolean;
  /** Loads the back end's current project and the recent list (at start and after reconnecting). */
  loadProject(): Promise<void>;
  openProject(dir: string): Promise<boolean>;
  createProject(dir: string, name: string, board?: string): Promise<boolean>;
  openSample(): Promise<boolean>;
  refreshRecent(): Promise<void>;
  setBoard(boardId: string): Promise<boolean>;
  /** Replaces one model's class labels (empty = none) and saves the manifest. */
  setModelLabels(modelId: string, labels: string[]): Promise<boolean>;
  /** The back end says the project changed (another window, the CLI, a service). */
  applyProjectChanged(project: ProjectInfo | null): void;
}

export const createProjectSlice: SliceCreator<ProjectSlice> = ({ api }) => (set, get) => {
  async function run(what: string, fn: () => Promise<ProjectInfo>): Promise<boolean> {
    set({ projectBusy: true });
    try {
      const project = await fn();
      set({ project });
      void get().refreshRecent();
      return true;
    } catch (e) {
      get().notifyError(e, what);
      return false;
    } finally {
      set({ projectBusy: false });
    }
  }

  return {
    project: null,
    recent: [],
    projectBusy: false,
    async loadProject() {
      try {
        const [project, recent] = await Promise.all([api.project.current(), api.project.recent()]);
        set({ project, recent });
      } catch (e) {
        get().notifyError(e, 'Could not load the project');
      }
    },
    openProject: (dir) => run('Could not open the project', () => api.project.open(dir)),
    createProject: (dir, name, board) => run('Could not create the project', () => api.project.create(dir, name, board)),
    openSample: () => run('Could not open the sample project', () => api.project.openSample()),
    async refreshRecent() {
      try {
        set({ recent: await api.project.recent() });
      } catch (e) {
        get().notifyError(e, 'Could not read the recent projects');
      }
    },
    async setBoard(boardId) {
      if (!get().project) {
        get().notify({ kind: 'warning', message: 'Open a project before choosing its target board.', action: { label: 'Open Sample', command: 'project.openSample' } });
        return false;
      }
      return run('Could not change the board', () => api.project.update({ board: boardId }));
    },
    async setModelLabels(modelId, labels) {
      const project = get().project;
      if (!project?.manifest.models.some((m) => m.id === modelId)) {
        get().notify({ kind: 'warning', message: `The project has no model "${modelId}".` });
        return false;
      }
      // Send the whole list: `update` replaces fields, and the other entries must survive unchanged.
      const models = project.manifest.models.map((m) => {
        if (m.id !== modelId) return m;
        const { labels: _old, ...rest } = m;
        return labels.length ? { ...rest, labels } : rest;
      });
      return run('Could not save the labels', () => api.project.update({ models }));
    },
    applyProjectChanged: (project) => set({ project }),
  };
};
