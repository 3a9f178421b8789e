// Progressive enhancement for Plainly's pages. Every page works without this file; with it:
// GOV.UK Frontend's components start, and forms marked data-plainly-live-check re-check the
// writing as people type (debounced) through the JSON API, with the same markup the server
// renders. Text from the API is only ever put into the page with textContent, never as HTML.
import { initAll } from '/static/govuk-frontend.min.js';
import { GREETING_NOTE, SEVERITY_LABELS, SEVERITY_TAGS, applyReplacement, isPassage, offeredReplacements, segments, summaryText } from '/static/findings.js';

initAll();

const DEBOUNCE_MS = 700;
const MAX_REPLACEMENTS = 3;

function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== undefined && child !== null) node.append(child);
  return node;
}

function quoted(text) {
  return el('q', { text });
}

function readabilityList(r) {
  const ease = Math.round(r.fleschReadingEase);
  const age = Math.round(r.readingAge);
  const row = (key, ...value) => el('div', { class: 'govuk-summary-list__row' }, [el('dt', { class: 'govuk-summary-list__key', text: key }), el('dd', { class: 'govuk-summary-list__value' }, value)]);
  const easy = age <= r.targetAge;
  return el('dl', { class: 'govuk-summary-list plainly-readability' }, [
    row('Reading age', `About ${age}. Aim for ${r.targetAge} or under. `, el('strong', { class: `govuk-tag ${easy ? 'govuk-tag--green' : 'govuk-tag--yellow'}`, text: easy ? 'Easy enough' : 'Could be easier' })),
    row('Words', r.words.toLocaleString('en-GB')),
    row('Sentences', `${r.sentences.toLocaleString('en-GB')}, about ${Math.round(r.averageSentenceLength * 10) / 10} words each`),
    row('Reading ease', `${ease} out of 100 (higher is easier; 60 or more is plain English)`),
  ]);
}

/** Rebuilds the results section (same structure as partials/results.njk). */
function renderResults(section, text, result, prefix, applyEnabled) {
  const findings = result.findings;
  const views = findings.map((finding, i) => ({ finding, number: i + 1, id: `${prefix}-${i + 1}`, anchorId: `${prefix}-${i + 1}-in-text`, passage: isPassage(finding) }));

  const highlighted = section.querySelector('[data-plainly-highlighted]');
  highlighted.replaceChildren();
  for (const segment of segments(text, findings)) {
    for (const index of segment.starts) highlighted.append(el('span', { class: 'plainly-anchor', id: views[index].anchorId }));
    if (segment.marks.length) highlighted.append(el('mark', { class: `plainly-mark plainly-mark--${segment.severity}`, text: segment.text }));
    else if (segment.passages.length) highlighted.append(el('span', { class: 'plainly-passage', text: segment.text }));
    else highlighted.append(document.createTextNode(segment.text));
    const ending = segment.ends.filter((index) => !views[index].passage);
    if (ending.length) {
      const note = ending.map((index) => `finding ${index + 1}: ${SEVERITY_LABELS[findings[index].severity].toLowerCase()}`).join('; ');
      highlighted.append(el('span', { class: 'govuk-visually-hidden', text: ` (${note})` }));
    }
  }

  section.querySelector('[data-plainly-summary]').textContent = summaryText(result.summary);

  const oldList = section.querySelector('[data-plainly-findings]');
  let list;
  if (views.length === 0) {
    list = el('p', { class: 'govuk-body', 'data-plainly-findings': true, text: 'Nothing to change. Well done.' });
  } else {
    list = el('ol', { class: 'govuk-list plainly-findings', 'data-plainly-findings': true });
    for (const view of views) {
      const f = view.finding;
      const head = el('p', { class: 'govuk-body plainly-finding__head' }, [
        el('strong', { class: `govuk-tag ${SEVERITY_TAGS[f.severity]}`, text: SEVERITY_LABELS[f.severity] }),
        el('span', { class: 'plainly-finding__number', text: `${view.number}.` }),
        ...(view.passage
          ? [el('span', { text: `A passage on line ${f.start.line}` })]
          : [el('q', { class: 'plainly-finding__words', text: f.actual }), el('span', { class: 'plainly-finding__line', text: `on line ${f.start.line}` })]),
      ]);
      const item = el('li', { class: `plainly-finding plainly-finding--${f.severity}`, id: view.id }, [head, el('p', { class: 'govuk-body', text: f.reason })]);
      const { replacements, greeting } = offeredReplacements(text, f, MAX_REPLACEMENTS);
      if (greeting) item.append(el('p', { class: 'govuk-body', 'data-plainly-greeting': true, text: GREETING_NOTE }));
      if (replacements.length) {
        const box = el('div', { class: 'plainly-finding__replacements' });
        replacements.forEach((replacement, index) => {
          if (applyEnabled) {
            box.append(
              el(
                'button',
                {
                  type: 'submit',
                  name: 'apply',
                  value: `${f.start.offset}:${f.end.offset}:${index}`,
                  formnovalidate: true,
                  class: 'govuk-button govuk-button--secondary plainly-apply',
                  'data-start': f.start.offset,
                  'data-end': f.end.offset,
                  'data-actual': f.actual,
                  'data-replacement': replacement,
                },
                ['Use ', quoted(replacement), ' instead', el('span', { class: 'govuk-visually-hidden' }, [' of ', quoted(f.actual), ` (finding ${view.number})`])],
              ),
            );
          } else {
            box.append(el('p', { class: 'govuk-body' }, ['Instead, say: ', quoted(replacement)]));
          }
        });
        item.append(box);
      }
      item.append(el('p', { class: 'govuk-body-s' }, [el('a', { class: 'govuk-link', href: `#${view.anchorId}`, text: `Show finding ${view.number} in the text` })]));
      list.append(item);
    }
  }
  oldList.replaceWith(list);
  section.querySelector('[data-plainly-readability]').replaceChildren(readabilityList(result.readability));
}

/** An empty results section, for a page that has not been checked yet. */
function emptySection(prefix) {
  const id = 'results';
  return el('section', { class: 'plainly-results', id, 'aria-labelledby': `${id}-heading`, 'data-plainly-results': true, 'data-prefix': prefix }, [
    el('h2', { class: 'govuk-heading-m', id: `${id}-heading`, tabindex: '-1', text: 'What to change' }),
    el('p', { class: 'govuk-body-l', 'data-plainly-summary': true }),
    el('div', { class: 'govuk-grid-row' }, [
      el('div', { class: 'govuk-grid-column-one-half' }, [
        el('h3', { class: 'govuk-heading-s', text: 'Your writing, with the words to change marked' }),
        el('div', { class: 'plainly-highlighted', id: `${id}-text`, 'data-plainly-highlighted': true }),
      ]),
      el('div', { class: 'govuk-grid-column-one-half' }, [el('h3', { class: 'govuk-heading-s', text: 'What we found' }), el('p', { 'data-plainly-findings': true })]),
    ]),
    el('h3', { class: 'govuk-heading-s', text: 'How easy it is to read' }),
    el('div', { 'data-plainly-readability': true }),
  ]);
}

function liveCheck(form) {
  const field = form.dataset.field || 'text';
  const textarea = form.querySelector(`textarea[name="${field}"]`);
  if (!textarea) return;
  const csrf = document.querySelector('meta[name="plainly-csrf"]')?.getAttribute('content');
  const status = form.querySelector('[data-plainly-status]');
  const message = form.querySelector('[data-plainly-live-message]');
  const format = form.dataset.format || 'text';
  const max = Number(textarea.getAttribute('maxlength') || form.dataset.max || 200000);
  let timer;
  let controller;
  let lastSent;

  const say = (text) => {
    if (status && status.textContent !== text) status.textContent = text;
  };
  const warn = (text) => {
    if (message) {
      message.textContent = text;
      message.hidden = !text;
    }
  };
  // A template's profile and kind are in its front matter (the block between the first two
  // --- lines): the live check uses them as the server's check and publishing do, so the
  // findings shown while typing are the ones publishing will give.
  const fromFrontMatter = form.dataset.profile === 'from-front-matter';
  const frontMatterValue = (name, pattern) => {
    const block = /^---\r?\n([\s\S]*?)\r?\n---/.exec(textarea.value);
    if (!block) return undefined;
    const match = new RegExp(`^${name}:\\s*["']?(${pattern})["']?\\s*$`, 'm').exec(block[1]);
    return match ? match[1] : undefined;
  };
  const profile = () => {
    if (fromFrontMatter) return frontMatterValue('profile', 'standard|easy-read') || 'standard';
    const checked = form.querySelector('input[name="profile"]:checked');
    return checked ? checked.value : 'standard';
  };
  const kind = () => (fromFrontMatter ? frontMatterValue('kind', 'letter|agreement|guide|leaflet|form') : form.dataset.kind);
  const section = () => {
    let found = form.querySelector('[data-plainly-results]');
    if (!found) {
      const slot = form.querySelector('[data-plainly-results-slot]');
      found = emptySection(form.dataset.prefix || 'finding');
      if (slot) slot.replaceWith(found);
      else form.append(found);
    }
    return found;
  };

  const run = async () => {
    const text = textarea.value;
    const key = `${profile()}\u0000${kind() || ''}\u0000${text}`;
    if (key === lastSent) return;
    if (text.trim() === '') return;
    if (text.length > max) {
      warn(`Live checking has stopped: the writing is longer than ${max.toLocaleString('en-GB')} characters.`);
      return;
    }
    lastSent = key;
    controller?.abort();
    controller = new AbortController();
    try {
      const body = { text, format, profile: profile() };
      if (kind()) body.kind = kind();
      const response = await fetch('/api/lint', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf || '' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
        signal: controller.signal,
      });
      if (!response.ok) {
        lastSent = undefined;
        const problem = await response.json().catch(() => ({}));
        warn(response.status === 401 ? 'Live checking has stopped because your session has ended. Sign in again to carry on.' : `Live checking has stopped: ${problem.detail || 'something went wrong'}. You can still press the button to check.`);
        return;
      }
      const result = await response.json();
      if (textarea.value !== text) return; // typed since: the next check is on its way
      warn('');
      const target = section();
      renderResults(target, text, result, target.dataset.prefix || 'finding', true);
      say(summaryText(result.summary));
    } catch (error) {
      if (error && error.name === 'AbortError') return;
      lastSent = undefined;
      warn('Live checking has stopped because Plainly could not be reached. You can still press the button to check.');
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  };
  textarea.addEventListener('input', schedule);
  for (const radio of form.querySelectorAll('input[name="profile"]')) radio.addEventListener('change', () => run());

  // "Use this instead": change the words in the box, then check again at once.
  form.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button.plainly-apply') : null;
    if (!button) return;
    const changed = applyReplacement(textarea.value, Number(button.dataset.start), Number(button.dataset.end), button.dataset.actual, button.dataset.replacement);
    if (changed === undefined) return; // the text moved on: let the form post do it (the server re-checks)
    event.preventDefault();
    textarea.value = changed;
    textarea.dispatchEvent(new Event('input', { bubbles: true })); // keeps the character count right
    clearTimeout(timer);
    const announce = `Changed “${button.dataset.actual}” to “${button.dataset.replacement}”.`;
    run().then(() => {
      say(`${announce} ${status ? status.textContent : ''}`.trim());
      const heading = form.querySelector('[data-plainly-results] h2');
      heading?.focus();
    });
  });
}

for (const form of document.querySelectorAll('form[data-plainly-live-check]')) liveCheck(form);

// Batches in progress: reload the progress section until it is finished (the page also has a
// plain "Refresh" link, and a meta refresh is not used because it moves focus for screen readers).
const progress = document.querySelector('[data-plainly-batch-progress]');
if (progress && !progress.hasAttribute('data-finished')) {
  const poll = async () => {
    try {
      const response = await fetch(progress.dataset.statusUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) {
        // A session that ended or a batch that is not there: stop (the Refresh link still
        // works). A busy or failing server (429, 5xx): ask again, less often.
        if (response.status < 500 && response.status !== 429) return;
        setTimeout(poll, 5000);
        return;
      }
      const batch = await response.json();
      const bar = progress.querySelector('progress');
      const label = progress.querySelector('[data-plainly-progress-text]');
      const done = batch.progress.done;
      const total = batch.progress.total;
      if (bar && total) {
        bar.max = total;
        bar.value = done;
      }
      if (label) label.textContent = `${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} rows done`;
      if (batch.status === 'done' || batch.status === 'failed') {
        window.location.reload();
        return;
      }
    } catch {
      // try again on the next tick
    }
    setTimeout(poll, 1500);
  };
  setTimeout(poll, 1500);
}
