"""Loads Schouw's styled layers in headless QGIS, checks each style, and renders the demo with legends.

Called by scripts/render_styles.sh with the folder of outputs and the PNG to write. Exit status 1 when a
layer or style does not load as expected.
"""
import re
import sys

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsLayerTree,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPrintLayout,
    QgsProject,
    QgsRenderContext,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QFont

out, png = sys.argv[1], sys.argv[2]
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
problems = []


def qml_ranges(path):
    """(lower, upper, label) of every <range> in a .qml, read with a regular expression, not with QGIS."""
    text = open(path, encoding="utf-8").read()
    return [(float(a), float(b), c) for a, b, c in
            re.findall(r'<range lower="([^"]*)" upper="([^"]*)" symbol="\d+" label="([^"]*)"', text)]


def styled(name, source, qml):
    """A layer with its style loaded and checked; problems are collected, not raised."""
    layer = QgsVectorLayer(source, name, "ogr")
    if not layer.isValid():
        problems.append(f"{name}: QGIS cannot read {source}")
        return layer
    message, ok = layer.loadNamedStyle(qml)
    if not ok:
        problems.append(f"{name}: style {qml} did not load: {message}")
        return layer
    renderer = layer.renderer()
    if renderer.type() != "graduatedSymbol":
        problems.append(f"{name}: renderer is {renderer.type()}, expected graduatedSymbol")
        return layer
    expected = qml_ranges(qml)
    got = [(r.lowerValue(), r.upperValue(), r.label()) for r in renderer.ranges()]
    if got != expected:
        problems.append(f"{name}: QGIS read the classes {got}, the .qml has {expected}")
    if layer.fields().indexOf(renderer.classAttribute()) < 0:
        problems.append(f"{name}: the style classifies on {renderer.classAttribute()!r}, which the layer lacks")
    context = QgsRenderContext()
    renderer.startRender(context, layer.fields())
    unstyled = [f.id() for f in layer.getFeatures() if renderer.symbolForFeature(f, context) is None]
    renderer.stopRender(context)
    if unstyled:
        problems.append(f"{name}: {len(unstyled)} features fall in no class (first: {unstyled[:5]})")
    print(f"render_styles: {name}: {layer.featureCount()} features, {len(got)} classes: "
          + "; ".join(label for _, _, label in got))
    return layer


def single_layer(name, source, geometry):
    """A layer file that QGIS opens as one layer of one geometry type (no sublayer dialog)."""
    layer = QgsVectorLayer(source, name, "ogr")
    sublayers = layer.dataProvider().subLayers() if layer.isValid() else []
    if not layer.isValid() or len(sublayers) != 1 or QgsWkbTypes.geometryType(layer.wkbType()) != geometry:
        problems.append(f"{name}: expected one {geometry} layer, QGIS sees {list(sublayers)}")
    return layer


buurten = styled("buurten", f"{out}/buurten.geojson", f"{out}/buurten.qml")
styled("buurten (GeoPackage)", f"{out}/gpkg/buurten.gpkg|layername=buurten", f"{out}/gpkg/buurten.qml")
bands = styled("heat_bands", f"{out}/heat_bands.geojson", f"{out}/heat_bands.qml")
styled("heat_bands_scaled", f"{out}/heat_bands_scaled.gpkg|layername=heat_bands_scaled", f"{out}/heat_bands_scaled.qml")
styled("heat_grid", f"{out}/heat_grid.gpkg|layername=heat_grid", f"{out}/heat_grid.qml")
route = single_layer("route", f"{out}/plan/route.geojson", QgsWkbTypes.LineGeometry)
checkpoints = single_layer("checkpoints", f"{out}/plan/checkpoints.geojson", QgsWkbTypes.PointGeometry)

project = QgsProject.instance()
for layer in (buurten, bands, route, checkpoints):
    project.addMapLayer(layer, False)
layout = QgsPrintLayout(project)
layout.initializeDefaults()
page = layout.pageCollection().page(0)
page.setPageSize(QgsLayoutSize(340, 122, QgsUnitTypes.LayoutMillimeters))
rd = QgsCoordinateReferenceSystem("EPSG:28992")


keep = []


def panel(x, title, layers, legend_layers):
    label = QgsLayoutItemLabel(layout)
    label.setText(title)
    label.setFont(QFont("Liberation Sans", 11))
    label.attemptMove(QgsLayoutPoint(x, 4, QgsUnitTypes.LayoutMillimeters))
    label.attemptResize(QgsLayoutSize(140, 8, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(label)
    item = QgsLayoutItemMap(layout)
    layout.addLayoutItem(item)
    item.attemptMove(QgsLayoutPoint(x, 13, QgsUnitTypes.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(105, 105, QgsUnitTypes.LayoutMillimeters))
    item.setCrs(rd)
    item.setLayers(layers)
    item.setKeepLayerSet(True)
    to_rd = QgsCoordinateTransform(buurten.crs(), rd, project)
    item.setExtent(to_rd.transformBoundingBox(buurten.extent()).buffered(40))
    item.setFrameEnabled(True)
    legend = QgsLayoutItemLegend(layout)
    legend.setAutoUpdateModel(False)
    root = QgsLayerTree()
    for layer in legend_layers:
        root.addLayer(layer)
    legend.model().setRootGroup(root)
    keep.append(root)  # the legend model does not own its root group
    legend.setLinkedMap(item)
    legend.attemptMove(QgsLayoutPoint(x + 107, 13, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(legend)


panel(2, "buurten.qml: bevindingen per buurt", [buurten], [buurten])
panel(172, "heatmap.qml (banden), route en controlepunten", [checkpoints, route, bands], [bands])
exporter = QgsLayoutExporter(layout)
settings = QgsLayoutExporter.ImageExportSettings()
settings.dpi = 110
result = exporter.exportToImage(png, settings)
if result != QgsLayoutExporter.Success:
    problems.append(f"rendering {png} failed ({result})")
else:
    print(f"render_styles: {png}")

for problem in problems:
    print("render_styles: FAIL " + problem, file=sys.stderr)
app.exitQgis()
sys.exit(1 if problems else 0)
