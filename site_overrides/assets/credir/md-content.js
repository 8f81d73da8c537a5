// Material for MkDocs' inline content script (partials/javascripts/content.html), as a file
// so the Content-Security-Policy can refuse every inline script.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
