/**
 * The Overview's and the printable guidelines' code, loaded when either page is first opened (the
 * first page a user sees carries neither the charts nor d3).
 */
export { Overview } from '../../state/overview.svelte';
export { default as OverviewView } from './OverviewView.svelte';
export { default as GuidelinesPage } from './GuidelinesPage.svelte';
