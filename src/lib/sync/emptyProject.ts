import type * as Y from 'yjs';

/**
 * What a member is told when the project's shared corpus, level with the server's, holds no label.
 * A started project holds its label set (a reviewer's copy shares it at its first sync), while a
 * reviewer's documents may go up before that sync, so the labels are what tell. A mistyped Project
 * connects all the same (a server holds any number of projects), so the name is worth checking; a
 * reviewer's copy then starts the project. Null otherwise.
 */
export function emptyProjectNote(corpus: Y.Doc, project: string): string | null {
  if (corpus.getMap('labelFields').size > 0) return null;
  return `Project “${project}” holds nothing on this server yet: to join your team's, check the Project name. A reviewer's documents and labels start a new project.`;
}

/** What a member whose copy started the project is told once its labels reached the server (it held nothing before). */
export function startedProjectNote(project: string): string {
  return `Your copy started project “${project}” on this server: it held nothing before. If your team's project has another name, check the Project.`;
}
