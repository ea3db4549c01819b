# Rebuild graph/derived from the agreements and their status assertions.
# Runs in the same request (one transaction) as every ingest and rebuild.
PREFIX kg:   <https://w3id.org/alliance-kg/ont#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>

DROP SILENT GRAPH <https://w3id.org/alliance-kg/id/graph/derived> ;

# Current status: the latest assertion by earliest date, then by stage (undated counts as oldest).
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?agr kg:currentStatus ?status } }
WHERE {
  ?agr kg:hasStatusAssertion ?sa . ?sa kg:status ?status . ?status kg:stageOrder ?o .
  OPTIONAL { ?sa kg:statusDateEarliest ?e }
  BIND (COALESCE(?e, "0001-01-01"^^xsd:date) AS ?d)
  FILTER NOT EXISTS {
    ?agr kg:hasStatusAssertion ?sa2 . ?sa2 kg:status ?st2 . ?st2 kg:stageOrder ?o2 .
    OPTIONAL { ?sa2 kg:statusDateEarliest ?e2 }
    BIND (COALESCE(?e2, "0001-01-01"^^xsd:date) AS ?d2)
    FILTER (?d2 > ?d || (?d2 = ?d && ?o2 > ?o))
  }
} ;

# Corroboration and time span of each agreement.
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> {
  ?agr kg:sourceCount ?n ; kg:firstDate ?first ; kg:lastDate ?last } }
WHERE {
  SELECT ?agr (COUNT(DISTINCT ?art) AS ?n) (MIN(?e) AS ?first) (MAX(?l) AS ?last) WHERE {
    ?agr kg:hasStatusAssertion ?sa . ?sa prov:wasDerivedFrom ?art .
    OPTIONAL { ?sa kg:statusDateEarliest ?e ; kg:statusDateLatest ?l }
  } GROUP BY ?agr
} ;

# Company-to-company shortcut edges.
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?a kg:investedIn ?b } }
WHERE { ?agr a kg:Investment ; kg:investor ?a ; kg:investee ?b . FILTER (?a != ?b) } ;
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?a kg:acquired ?b } }
WHERE { ?agr a kg:Acquisition ; kg:acquirer ?a ; kg:target ?b ; kg:hasStatusAssertion/kg:status <https://w3id.org/alliance-kg/status/completed> . FILTER (?a != ?b) } ;
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?a kg:supplies ?b } }
WHERE { ?agr a kg:SupplyAgreement ; kg:supplier ?a ; kg:customer ?b . FILTER (?a != ?b) } ;
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?a kg:licenses ?b } }
WHERE { ?agr a kg:LicensingAgreement ; kg:licensor ?a ; kg:licensee ?b . FILTER (?a != ?b) } ;
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?a kg:partneredWith ?b } }
WHERE { ?agr kg:party ?a, ?b . FILTER (?a != ?b) }
