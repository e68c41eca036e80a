/* Vietnamese search in Material's box; design in scripts/kehoach/search.py. Wraps the Worker
   constructor (before Material's bundle runs): adds the index's hidden fields, rewrites queries
   ("Đoàn kết" -> "đoàn kết doan ket _doan_ket"), tidies results. Material is not patched. */
(() => {
  "use strict"
  const Native = window.Worker
  if (typeof Native !== "function" || !String.prototype.normalize)
    return

  let separator = /[\s-]+/, joiner = "", runBreak = /\n/  // from the index config
  let typed = [], typing = ""        // folded words of the last query; the one still being typed
  const aliases = new Map()          // helper term -> the word typed ("" for a pair)
  const scratch = document.createElement("template")
  const unique = list => [...new Set(list)]

  // kehoach.search.fold: lower case, đ -> d, combining marks stripped
  const fold = value => value.toLowerCase().normalize("NFD")
    .replace(/đ/g, "d").replace(/[\u0300-\u036f]/g, "").normalize("NFC")
  const words = value => value.toLowerCase().split(separator).filter(Boolean)
  const pairs = run => run.slice(1).map((word, i) => joiner + run[i] + joiner + word)
  const phrases = text => joiner ? unique(text.split(runBreak).flatMap(chunk => pairs(words(chunk).map(fold)))) : []
  const plain = markup => {          // kehoach.search.plain_text (an inert template decodes entities)
    scratch.innerHTML = String(markup || "").replace(/<[^>]*>/g, " ")
    return scratch.content.textContent.normalize("NFC")
  }

  // kehoach.search.hidden_fields
  const hidden = doc => {
    const title = plain(doc.title), text = plain(doc.text)
    const fields = {
      fold_title: unique(words(title).map(fold)).join(" "), fold: unique(words(text).map(fold)).join(" "),
      phrase_title: phrases(title).join(" "), phrase: phrases(text).join(" ")
    }
    return Object.fromEntries(Object.entries(fields).filter(([, value]) => value))
  }

  const setup = data => {
    const { separator: source, phrase } = data.config
    if (typeof source === "string")
      separator = new RegExp(source)
    if (phrase)
      [joiner, runBreak] = [phrase.joiner, new RegExp(phrase.break)]
    return { ...data, docs: data.docs.map(doc => ({ ...doc, ...hidden(doc) })) }
  }

  // Folded forms that differ (free words only) and folded pairs, "+" on each if quoted
  const helpers = (run, presence) => {
    const folded = run.map(fold)
    const terms = presence ? [] : folded.filter((word, i) => word !== run[i])
    terms.forEach(word => aliases.set(word, run[folded.indexOf(word)]))
    for (const pair of joiner ? pairs(folded) : []) {
      aliases.set(pair, "")
      terms.push(presence + pair)
    }
    return terms
  }

  // Quoted phrases and runs of plain words, as Material splits them; a word with a lunr
  // modifier (+word, -word, word~1, word^2, word*) ends a run and is left as typed
  const rewrite = query => {
    query = query.normalize("NFC")
    typed = unique(words(query.replace(/(^|\s)-\S*/g, " ")).map(fold))
    typing = /\s$/.test(query) ? "" : typed[typed.length - 1] || ""
    const extra = []
    query.split(/"([^"]+)"/g).forEach((part, index) => {
      if (index & 1)
        return extra.push(...helpers(words(part), "+"))
      let run = []
      for (const token of part.split(/\s+/))
        if (/^[+-]|[*~^]\d*$/.test(token)) {
          extra.push(...helpers(run, ""))
          run = []
        } else {
          run.push(...words(token))
        }
      extra.push(...helpers(run, ""))
    })
    return extra.length ? `${query} ${extra.join(" ")}` : query
  }

  // Mark words whose folded form is a query word (or starts with the one being typed)
  const mark = (markup, found) => {
    let depth = 0
    const pieces = new RegExp(`(${separator.source})`)
    return String(markup).split(/(<[^>]*>)/).map((part, i) => {
      if (i & 1) {
        depth += /^<mark[\s>]/i.test(part) ? 1 : /^<\/mark>/i.test(part) ? -1 : 0
        return part
      }
      return depth > 0 ? part : part.split(pieces).map((word, j) => {
        const folded = fold(word)
        const hit = !(j & 1) && /^[^&#]/.test(word) &&
          (typed.includes(folded) || (typing && folded.startsWith(typing)))
        if (hit)
          found.add(word.toLowerCase())
        return hit ? `<mark>${word}</mark>` : word
      }).join("")
    }).join("")
  }

  // The worker marks where lunr matched, a prefix included ("chi" in "chiến"): its marks are dropped and
  // the words are marked again, whole, by `mark`
  const unmarked = markup => String(markup).replace(/<\/?mark(?:\s[^>]*)?>/gi, "")

  // Helper terms folded into the words typed (so "missing" lists those), found words marked and
  // handed to the opened page's highlighting
  const tidy = result => {
    for (const item of (result && Array.isArray(result.items) ? result.items.flat() : [])) {
      const terms = item.terms || {}
      for (const term of Object.keys(terms).filter(term => aliases.has(term))) {
        const word = aliases.get(term)
        if (word && word in terms)
          terms[word] = terms[word] || terms[term]
        if (!word || word in terms)
          delete terms[term]
      }
      if (item.score) {
        const found = new Set()
        item.title = mark(unmarked(item.title), found)
        item.text = mark(unmarked(item.text), found)
        found.forEach(word => { terms[word] = true })
      }
    }
  }

  function KehoachWorker(url, options) {
    const worker = new Native(url, options)
    if (!/\/workers\/search\.[^/]*\.js/.test(String(url)))
      return worker
    const post = worker.postMessage
    worker.postMessage = function (message, ...rest) {
      try {
        const data = message && message.data
        if (data && data.config && Array.isArray(data.docs))
          message = { ...message, data: setup(data) }
        else if (typeof data === "string")
          message = { ...message, data: rewrite(data) }
      } catch (err) { /* pass it on as Material made it */ }
      return post.call(worker, message, ...rest)
    }
    worker.addEventListener("message", event => {  // before Material's own listener
      try { tidy(event.data && event.data.data) } catch (err) { /* leave it as it is */ }
    })
    return worker
  }
  // The opened page (feature search.highlight): Material marks the words of ?h=… wherever they occur,
  // inside a word too ("uy" in "quyết"). A mark that does not stand as a whole word is undone.
  const letter = /[\p{L}\p{N}\p{M}]/u
  const edge = (node, last) => {     // the character next to a mark, across inline elements
    while (node && !(last ? node.previousSibling : node.nextSibling) && node.parentElement &&
           getComputedStyle(node.parentElement).display === "inline")
      node = node.parentElement
    const next = node && (last ? node.previousSibling : node.nextSibling)
    const text = next ? next.textContent : ""
    return last ? text.slice(-1) : text.slice(0, 1)
  }
  const wholeWordsOnly = root => {
    for (const found of root.querySelectorAll("mark[data-md-highlight]"))
      if (letter.test(edge(found, true)) || letter.test(edge(found, false))) {
        const parent = found.parentNode
        found.replaceWith(...found.childNodes)
        parent.normalize()
      }
  }
  if (typeof MutationObserver === "function" && new URLSearchParams(location.search).has("h"))
    new MutationObserver(records => {
      if (records.some(record => [...record.addedNodes].some(node => node.nodeName === "MARK")))
        wholeWordsOnly(document.body)
    }).observe(document.documentElement, { childList: true, subtree: true })

  KehoachWorker.prototype = Native.prototype
  window.Worker = KehoachWorker
  window.kehoachSearch = { fold, hidden, rewrite, wholeWordsOnly }  // for tests and the curious
})()
