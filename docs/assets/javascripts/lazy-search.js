/* Material's search, loaded when the reader searches (design: README, "Tìm kiếm tiếng Việt").

   Material 9 starts its search worker and requests search/search_index.json as every page loads
   (bundle.ts: `index$`, `mountSearch`, `mountSearchHiglight`), whether or not the reader searches:
   19 KB gzip of every first view today, and the index grows with every document. Withholding
   `search` from the `__config` block is not enough: the bundle reads it once, at start, and requests
   the index anyway; the worker and the index are asked for once, when the bundle starts.

   This script runs after kehoach-search.js and before Material's bundle, and holds both back until
   the reader opens the search: focus of the search box (a click in it, or Material's keys "/", "s",
   "f", which focus it), the search button of a phone (the `__search` toggle), a press on either; or
   at once when the address asks for search (`?q=` opens the box, `?h=` marks the words on the page).
   Then the held index request is sent and the worker started, with the messages Material posted
   to it in order. Material is not patched: the Worker constructor and the one XMLHttpRequest for
   the index are intercepted, as kehoach-search.js intercepts the worker. The offline copy (file://)
   loads its index with a script element, as Material does there; only its worker waits. */
(() => {
  "use strict"
  const Native = window.Worker
  const XHR = window.XMLHttpRequest
  const element = document.getElementById("__config")
  if (typeof Native !== "function" || typeof XHR !== "function" || typeof EventTarget !== "function" || !element)
    return
  let config
  try {
    config = JSON.parse(element.textContent)
  } catch (err) {
    return
  }
  if (!config || typeof config.search !== "string")
    return

  const absolute = (url, base) => {
    try {
      return String(new URL(url, base))
    } catch (err) {
      return ""
    }
  }
  const workerUrl = absolute(config.search, location.href)
  const indexUrl = absolute("search/search_index.json", absolute(config.base, location.href))

  let active = false
  const waiting = []
  const activate = () => {
    if (active)
      return
    active = true
    restore()
    waiting.splice(0).forEach(run => run())
  }
  const whenActive = run => active ? run() : waiting.push(run)

  /* The index request: held when sent, sent on activation (unless Material aborted it meanwhile) */
  const proto = XHR.prototype
  const { open, send } = proto
  const requested = new WeakSet()
  function heldOpen(method, url, ...rest) {
    if (absolute(url, location.href) === indexUrl)
      requested.add(this)
    else
      requested.delete(this)
    return open.call(this, method, url, ...rest)
  }
  function heldSend(...args) {
    if (active || !requested.has(this))
      return send.apply(this, args)
    const request = this
    const abort = request.abort
    let aborted = false
    request.abort = function () {
      aborted = true
      return abort.call(this)
    }
    whenActive(() => {
      delete request.abort
      if (!aborted)
        send.apply(request, args)
    })
    /* Material asks for the index once per page */
    restore()
  }
  function restore() {
    if (proto.open === heldOpen)
      proto.open = open
    if (proto.send === heldSend)
      proto.send = send
  }
  proto.open = heldOpen
  proto.send = heldSend

  /* The search worker: a stand-in that Material talks to; the real one starts on activation */
  class LazyWorker extends EventTarget {
    constructor(url, options) {
      super()
      this.queue = []
      this.worker = null
      this.ended = false
      whenActive(() => this.start(url, options))
    }

    start(url, options) {
      if (this.ended)
        return
      const worker = new Native(url, options)
      for (const type of ["message", "messageerror"])
        worker.addEventListener(type, event => {
          this.dispatchEvent(new MessageEvent(type, { data: event.data }))
        })
      worker.addEventListener("error", event => {
        this.dispatchEvent(new ErrorEvent("error", { message: event.message }))
      })
      this.worker = worker
      this.queue.splice(0).forEach(args => worker.postMessage(...args))
    }

    postMessage(...args) {
      if (this.worker)
        this.worker.postMessage(...args)
      else
        this.queue.push(args)
    }

    terminate() {
      this.ended = true
      if (this.worker)
        this.worker.terminate()
    }
  }

  function Worker(url, options) {
    if (active || absolute(url, location.href) !== workerUrl)
      return new Native(url, options)
    return new LazyWorker(url, options)
  }
  Worker.prototype = Native.prototype
  window.Worker = Worker

  /* What opens the search */
  const query = "[data-md-component=search-query]"
  const opener = "label[for=__search], .md-search__form"
  document.addEventListener("focusin", event => {
    if (event.target instanceof Element && event.target.matches(query))
      activate()
  }, true)
  document.addEventListener("change", event => {
    if (event.target instanceof HTMLInputElement && event.target.id === "__search" && event.target.checked)
      activate()
  }, true)
  document.addEventListener("pointerdown", event => {
    if (event.target instanceof Element && event.target.closest(opener))
      activate()
  }, true)

  /* For tests and the curious */
  window.kehoachLazySearch = { activate, get active() { return active } }
  const params = new URLSearchParams(location.search)
  if (params.has("q") || params.has("h"))
    activate()
})()
