// Copy buttons: one click puts a value (a URL, a command, a token) on the clipboard and the
// button says so. The clipboard API needs a secure context (https or localhost); elsewhere the
// text is selected so Ctrl+C copies it, and the button says that instead.
'use strict';

function copyButton(text, label) {
  // the button's own text says what happened; aria-live has screen readers say it too
  const button = h('button', { type: 'button', class: 'secondary copy', 'aria-label': label, title: label, 'aria-live': 'polite' }, 'Copy');
  button.addEventListener('click', async () => {
    const copied = await writeClipboard(text);
    if (copied) {
      button.textContent = 'Copied';
    } else {
      selectTextNear(button);
      button.textContent = 'Press Ctrl+C';
      toast('The browser did not allow copying: the text is selected, press Ctrl+C (⌘C on a Mac).');
    }
    setTimeout(() => { button.textContent = 'Copy'; }, 3000);
  });
  return button;
}

// A value shown in full (it must be readable and selectable by hand too) with its copy button.
function copyable(text, label, attrs) {
  return h('div', { class: 'copyable' }, h('pre', Object.assign({ tabindex: '0' }, attrs), text), copyButton(text, label));
}

async function writeClipboard(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      // denied (no focus, or a browser policy): fall through to selecting the text
    }
  }
  return false;
}

function selectTextNear(button) {
  const target = button.parentElement.querySelector('pre, code');
  if (!target) return;
  const range = document.createRange();
  range.selectNodeContents(target);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}
