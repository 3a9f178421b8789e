// The template editor's toolbar (issue 15): progressive enhancement over the body's text box.
// Without JavaScript the toolbar stays hidden and the form works as it is; with it, buttons add
// a heading, a list item or bold, and two lists insert a detail or a shared part at the cursor.
// Everything is made with DOM calls and textContent (no HTML strings), as the CSP expects.

const toolbar = document.querySelector('[data-plainly-toolbar]');
const box = toolbar && document.getElementById(toolbar.getAttribute('data-for'));

/** Replaces the selection with `before + selected (or placeholder) + after`, selecting the middle. */
function wrap(before, after, placeholder) {
  const start = box.selectionStart;
  const end = box.selectionEnd;
  const selected = box.value.slice(start, end) || placeholder;
  box.setRangeText(before + selected + after, start, end, 'end');
  box.setSelectionRange(start + before.length, start + before.length + selected.length);
  box.focus();
  box.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Puts `prefix` at the start of the line the cursor is on. */
function linePrefix(prefix) {
  const start = box.selectionStart;
  const lineStart = box.value.lastIndexOf('\n', start - 1) + 1;
  box.setRangeText(prefix, lineStart, lineStart, 'end');
  box.setSelectionRange(start + prefix.length, start + prefix.length);
  box.focus();
  box.dispatchEvent(new Event('input', { bubbles: true }));
}

function insert(text) {
  box.setRangeText(text, box.selectionStart, box.selectionEnd, 'end');
  box.focus();
  box.dispatchEvent(new Event('input', { bubbles: true }));
}

function button(text, onClick, describedBy) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'govuk-button govuk-button--secondary plainly-toolbar__button';
  b.textContent = text;
  if (describedBy) b.setAttribute('aria-describedby', describedBy);
  b.addEventListener('click', onClick);
  return b;
}

function chooser(id, labelText, values, buttonText) {
  const wrapper = document.createElement('div');
  wrapper.className = 'govuk-form-group plainly-toolbar__group';
  const label = document.createElement('label');
  label.className = 'govuk-label govuk-label--s';
  label.htmlFor = id;
  label.textContent = labelText;
  const select = document.createElement('select');
  select.className = 'govuk-select';
  select.id = id;
  for (const value of values) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = value;
    select.append(option);
  }
  wrapper.append(label, select, button(buttonText, () => insert(select.value)));
  return wrapper;
}

if (toolbar && box) {
  const inserts = [...document.querySelectorAll('[data-plainly-insert]')].map((el) => el.getAttribute('data-plainly-insert'));
  const details = inserts.filter((text) => !text.startsWith('{{>'));
  const partials = inserts.filter((text) => text.startsWith('{{>'));
  const group = document.createElement('div');
  group.className = 'govuk-button-group';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'Format the text');
  group.append(
    button('Heading', () => linePrefix('## '), 'toolbar-help'),
    button('List item', () => linePrefix('- '), 'toolbar-help'),
    button('Bold', () => wrap('**', '**', 'bold words'), 'toolbar-help'),
  );
  toolbar.append(group);
  if (details.length) toolbar.append(chooser('insert-detail', 'Insert a detail', details, 'Insert the detail'));
  if (partials.length) toolbar.append(chooser('insert-partial', 'Insert a shared part', partials, 'Insert the part'));
  toolbar.hidden = false;
}

// The preview beside the text follows the form: a second after typing stops (or another
// example is chosen), the form is sent to the preview frame by its own "Show the preview"
// button, as a person without JavaScript would press it.
const previewButton = document.querySelector('[data-plainly-preview-button]');
const form = previewButton && previewButton.form;
if (form && typeof form.requestSubmit === 'function') {
  let timer;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(() => form.requestSubmit(previewButton), 1000);
  };
  form.addEventListener('input', refresh);
  form.addEventListener('change', refresh);
  form.requestSubmit(previewButton);
}
