/**
 * The Review page's code, loaded when the page is first opened (the first page a user sees does
 * not carry the review, the agreement figures or the adjudication model).
 */
export { Review } from '../../state/review.svelte';
export { default as ReviewView } from './ReviewView.svelte';
