/*
 * Vietnamese queries for Material's search box (the index side: scripts/kehoach/search.py).
 *
 * Loaded before Material's bundle, this wraps the Worker constructor; for Material's search worker
 * only, it rewrites each query before the worker reads it and tidies each result before it is shown.
 * Nothing of Material is patched: if Material changes its messages, queries pass through unchanged
 * and the folded index still finds unaccented words.
 *
 * A query "Đoàn kết" (typed composed or decomposed) is sent as "đoàn kết doan ket _doan_ket": the
 * words as typed (NFC), their folded forms, and the folded syllable pairs that the index holds in
 * its hidden `phrase` fields, so that sections where the words stand together, in order, rank first.
 * A quoted phrase requires its pairs: "thống nhất" finds the words side by side only.
 */
(function () {
  "use strict"

  var NativeWorker = window.Worker
  if (typeof NativeWorker !== "function" || !String.prototype.normalize)
    return

  var JOINER = "_"                       /* kehoach.search.PHRASE_JOINER */
  var MODIFIERS = /^[+-]+|[*~^]+\d*$/g   /* lunr query syntax around a word */
  var separator = /[\s\-\u2010-\u2015.,;:!?…()[\]{}"'“”‘’«»/]+/  /* replaced by the index's own */
  var aliases = Object.create(null)      /* helper term -> the word it stands for ("" if none) */

  /* The one folding rule, as kehoach.search.fold: lower case, đ -> d, combining marks stripped */
  function fold(value) {
    return value.toLowerCase().normalize("NFD")
      .replace(/đ/g, "d")
      .replace(/[\u0300-\u036f]/g, "")
      .normalize("NFC")
  }

  function words(value) {
    return value.split(separator).filter(function (word) { return word.length > 0 })
  }

  /* Extra terms for a run of words: folded forms that differ, then folded syllable pairs */
  function helpers(run, presence) {
    var terms = []
    var folded = run.map(fold)
    run.forEach(function (word, i) {
      if (!presence && folded[i] !== word.toLowerCase()) {
        terms.push(folded[i])
        aliases[folded[i]] = word.toLowerCase()
      }
      if (i > 0) {
        var pair = JOINER + folded[i - 1] + JOINER + folded[i]
        terms.push(presence + pair)
        aliases[pair] = ""
      }
    })
    return terms
  }

  /* Split a query into quoted phrases and free words, as Material does, and add helper terms */
  function rewrite(query) {
    query = query.normalize("NFC")
    var extra = []
    query.split(/"([^"]+)"/g).forEach(function (part, index) {
      if (index & 1) {
        extra = extra.concat(helpers(words(part), "+"))
        return
      }
      var run = []
      part.split(/\s+/).forEach(function (token) {
        var plain = token.replace(MODIFIERS, "")
        var modified = plain !== token
        words(plain).forEach(function (word) {
          if (modified) {
            /* +word, -word, word~1, word^2: keep the modifier, add no pair */
            extra = extra.concat(flush(run))
            run = []
            var folded = fold(word)
            if (folded !== word.toLowerCase() && /^[+-]/.test(token)) {
              extra.push(token.charAt(0) + folded)
              aliases[folded] = word.toLowerCase()
            }
          } else {
            run.push(word)
          }
        })
      })
      extra = extra.concat(flush(run))
    })
    return extra.length ? query + " " + extra.join(" ") : query
  }

  function flush(run) {
    return run.length ? helpers(run, "") : []
  }

  /* Fold helper terms back into the words they stand for, so "missing" lists what was typed */
  function tidy(result) {
    if (!result || !Array.isArray(result.items))
      return
    result.items.forEach(function (group) {
      group.forEach(function (item) {
        var terms = item.terms
        if (!terms)
          return
        Object.keys(terms).forEach(function (term) {
          if (!(term in aliases))
            return
          var word = aliases[term]
          if (word && word in terms) {
            terms[word] = terms[word] || terms[term]
            delete terms[term]
          } else if (!word) {
            delete terms[term]
          }
        })
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
        if (data && data.config && typeof data.config.separator === "string")
          separator = new RegExp(data.config.separator)
        else if (typeof data === "string")
          args[0] = Object.assign({}, message, { data: rewrite(data) })
      } catch (err) {
        args[0] = message
      }
      return post.apply(worker, args)
    }

    /* Registered before Material's own listener, so it sees the result first */
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

  /* For tests and curious readers: the folding rule and the query as the worker receives it */
  window.kehoachSearch = { fold: fold, rewrite: rewrite }
})()
