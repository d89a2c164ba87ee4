// Swiping a row sideways with a finger, pen or mouse. The row follows the pointer; let go past a
// third of its width and `onSwipe` is called with the direction. A mostly vertical move is left to
// the page's scrolling (the row has touch-action: pan-y), and a swipe never also opens the row.
import { ref } from 'vue';

export type SwipeDirection = 'left' | 'right';
const SLOP = 10;
const THRESHOLD = 1 / 3;

export function useRowSwipe(onSwipe: (direction: SwipeDirection) => void) {
  const offset = ref(0);
  const dragging = ref(false);
  let pointer: number | null = null;
  let startX = 0;
  let startY = 0;
  let width = 1;
  let axis: 'x' | 'y' | null = null;
  let swallowClick = false;

  function down(e: PointerEvent) {
    if (!e.isPrimary || e.button !== 0) return;
    pointer = e.pointerId;
    swallowClick = false;
    startX = e.clientX;
    startY = e.clientY;
    width = (e.currentTarget as HTMLElement).offsetWidth || 1;
    axis = null;
  }

  function move(e: PointerEvent) {
    if (e.pointerId !== pointer) return;
    const dx = e.clientX - startX;
    const dy = e.clientY - startY;
    if (!axis) {
      if (Math.abs(dx) < SLOP && Math.abs(dy) < SLOP) return;
      axis = Math.abs(dx) > Math.abs(dy) ? 'x' : 'y';
      if (axis === 'x') {
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
        dragging.value = true;
      }
    }
    if (axis === 'x') offset.value = dx;
  }

  function end(e: PointerEvent) {
    if (e.pointerId !== pointer) return;
    pointer = null;
    const dx = offset.value;
    offset.value = 0;
    dragging.value = false;
    if (axis !== 'x') return;
    swallowClick = true;
    if (e.type === 'pointerup' && Math.abs(dx) >= width * THRESHOLD) onSwipe(dx < 0 ? 'left' : 'right');
  }

  /** Bound in the capture phase: the click that ends a swipe does not follow the row's link. */
  function click(e: MouseEvent) {
    if (!swallowClick) return;
    swallowClick = false;
    e.preventDefault();
    e.stopPropagation();
  }

  return { offset, dragging, handlers: { pointerdown: down, pointermove: move, pointerup: end, pointercancel: end, clickCapture: click } };
}
