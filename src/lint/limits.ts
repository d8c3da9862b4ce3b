/** Size limits of an email's HTML, shared by the renderer (which refuses what Gmail would clip) and the size rule. */

/** Over this, the size rule warns that the issue is getting close to the clip. */
export const SIZE_WARN_BYTES = 90 * 1024;
/** Gmail clips messages whose HTML is larger than this. */
export const SIZE_CLIP_BYTES = 102 * 1024;
