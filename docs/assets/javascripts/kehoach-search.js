/*
 * Vietnamese search in Material's search box; the index side is scripts/kehoach/search.py.
 *
 * Loaded before Material's bundle, this wraps the Worker constructor. For Material's search worker
 * only, it (1) adds to each index entry the hidden fields the index config names (folded words,
 * folded syllable pairs), derived from the entry's title and text as kehoach.search.hidden_fields
 * does; (2) rewrites each query: "Đoàn kết" (composed or decomposed) is sent as
 * "đoàn kết doan ket _doan_ket", the words as typed (NFC, for highlighting), their folded forms
 * and their folded pairs; a quoted phrase requires its pairs; (3) takes the helper terms out of
 * each result before it is shown. Material itself is not patched: if its messages change, queries
 * and the index pass through unchanged.
 */
(function () {
  "use strict"

  var NativeWorker = window.Worker
  if (typeof NativeWorker !== "function" || !String.prototype.normalize)
    return

  var separator = /[\s-]+/               /* replaced by the index config's */
  var joiner = null                      /* config.phrase: how pairs are written and runs end */
  var runBreak = null
  var MODIFIERS = /^[+-]+|[*~^]+\d*$/g   /* lunr query syntax around a word */
  var aliases = Object.create(null)      /* helper term -> the word it stands for ("" if none) */
  var typed = []                         /* folded words of the last query, to mark in results */
  var typing = ""                        /* its last word while still being typed: a prefix */
  var scratch = document.createElement("template")

  /* The one folding rule, as kehoach.search.fold: lower case, đ -> d, combining marks stripped */
  function fold(value) {
    return value.toLowerCase().normalize("NFD")
      .replace(/đ/g, "d")
      .replace(/[\u0300-\u036f]/g, "")
      .normalize("NFC")
  }

  function words(value) {
    return value.toLowerCase().split(separator).filter(function (word) { return word.length > 0 })
  }

  function unique(list) {
    return list.filter(function (item, i) { return list.indexOf(item) === i })
  }

  /* As kehoach.search.plain_text: tags dropped, entities decoded (an inert template), NFC */
  function plain(markup) {
    scratch.innerHTML = String(markup || "").replace(/<[^>]*>/g, " ")
    return scratch.content.textContent.normalize("NFC")
  }

  function pairsOf(run) {
    var pairs = []
    for (var i = 1; i < run.length; i++)
      pairs.push(joiner + run[i - 1] + joiner + run[i])
    return pairs
  }

  /* As kehoach.search.phrases: folded pairs within runs of words not broken by punctuation */
  function phrases(text) {
    if (!joiner)
      return []
    return unique(text.split(runBreak).reduce(function (pairs, chunk) {
      return pairs.concat(pairsOf(words(chunk).map(fold)))
    }, []))
  }

  /* As kehoach.search.hidden_fields */
  function hidden(doc) {
    var title = plain(doc.title)
    var text = plain(doc.text)
    var fields = {
      fold_title: unique(words(title).map(fold)).join(" "),
      fold: unique(words(text).map(fold)).join(" "),
      phrase_title: phrases(title).join(" "),
      phrase: phrases(text).join(" ")
    }
    Object.keys(fields).forEach(function (name) {
      if (!fields[name])
        delete fields[name]
    })
    return fields
  }

  function setup(data) {
    if (typeof data.config.separator === "string")
      separator = new RegExp(data.config.separator)
    if (data.config.phrase) {
      joiner = data.config.phrase.joiner
      runBreak = new RegExp(data.config.phrase.break)
    }
    return Object.assign({}, data, {
      docs: data.docs.map(function (doc) { return Object.assign({}, doc, hidden(doc)) })
    })
  }

  /* Extra terms for a run of plain words: folded forms that differ (free words only), folded pairs */
  function helpers(run, presence) {
    var folded = run.map(fold)
    var terms = []
    if (!presence)
      run.forEach(function (word, i) {
        if (folded[i] !== word) {
          terms.push(folded[i])
          aliases[folded[i]] = word
        }
      })
    if (joiner)
      pairsOf(folded).forEach(function (pair) {
        terms.push(presence + pair)
        aliases[pair] = ""
      })
    return terms
  }

  /* Split a query into quoted phrases and free words, as Material does, and add helper terms */
  function rewrite(query) {
    query = query.normalize("NFC")
    typed = unique(words(query.replace(/(^|\s)-\S*/g, " ")).map(fold))
    typing = /\s$/.test(query) ? "" : typed[typed.length - 1] || ""
    var extra = []
    query.split(/"([^"]+)"/g).forEach(function (part, index) {
      if (index & 1)
        return extra.push.apply(extra, helpers(words(part), "+"))
      var run = []
      part.split(/\s+/).forEach(function (token) {
        var plainToken = token.replace(MODIFIERS, "")
        words(plainToken).forEach(function (word) {
          if (plainToken === token)
            return run.push(word)
          /* +word, -word, word~1, word^2: keep the modifier on the folded form, add no pair */
          extra.push.apply(extra, helpers(run, ""))
          run = []
          if (fold(word) !== word && /^[+-]/.test(token)) {
            extra.push(token.charAt(0) + fold(word))
            aliases[fold(word)] = word
          }
        })
      })
      extra.push.apply(extra, helpers(run, ""))
    })
    return extra.length ? query + " " + extra.join(" ") : query
  }

  /* Mark the words whose folded form is a folded query word (or starts with the word being typed),
     outside existing marks */
  function mark(markup, found) {
    var depth = 0
    var pieces = new RegExp("(" + separator.source + ")")
    return String(markup).split(/(<[^>]*>)/).map(function (part, i) {
      if (i & 1) {
        depth += /^<mark[\s>]/i.test(part) ? 1 : /^<\/mark>/i.test(part) ? -1 : 0
        return part
      }
      if (depth > 0)
        return part
      return part.split(pieces).map(function (word, j) {
        var folded = fold(word)
        var hit = !(j & 1) && /^[^&#]/.test(word) &&
          (typed.indexOf(folded) >= 0 || (typing && folded.indexOf(typing) === 0))
        if (hit)
          found[word.toLowerCase()] = true
        return hit ? "<mark>" + word + "</mark>" : word
      }).join("")
    }).join("")
  }

  /* Fold helper terms back into the words they stand for, so "missing" lists what was typed, and
     mark the words found without diacritics (the found words also go to the page's highlighting) */
  function tidy(result) {
    if (!result || !Array.isArray(result.items))
      return
    result.items.forEach(function (group) {
      group.forEach(function (item) {
        var terms = item.terms || {}
        Object.keys(terms).forEach(function (term) {
          if (!(term in aliases))
            return
          var word = aliases[term]
          if (word && word in terms)
            terms[word] = terms[word] || terms[term]
          if (!word || word in terms)
            delete terms[term]
        })
        if (!item.score)
          return
        var found = {}
        item.title = mark(item.title, found)
        item.text = mark(item.text, found)
        Object.keys(found).forEach(function (word) { terms[word] = true })
      })
    })
  }

  function KehoachWorker(url, options) {
    var worker = new NativeWorker(url, options)
    if (!/\/workers\/search\.[^/]*\.js/.test(String(url)))
      return worker

    var post = worker.postMessage
    worker.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments)
      try {
        var data = message && message.data
        if (data && data.config && Array.isArray(data.docs))
          args[0] = Object.assign({}, message, { data: setup(data) })
        else if (typeof data === "string")
          args[0] = Object.assign({}, message, { data: rewrite(data) })
      } catch (err) {
        args[0] = message                /* pass it on as Material made it */
      }
      return post.apply(worker, args)
    }

    /* Registered before Material's own listener, so it sees each result first */
    worker.addEventListener("message", function (event) {
      try {
        tidy(event.data && event.data.data)
      } catch (err) {
        /* leave the result as Material made it */
      }
    })
    return worker
  }
  KehoachWorker.prototype = NativeWorker.prototype
  window.Worker = KehoachWorker

  /* For tests and the curious: the folding rule, the hidden fields, the query the worker receives */
  window.kehoachSearch = { fold: fold, hidden: hidden, rewrite: rewrite }
})()
