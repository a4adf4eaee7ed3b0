
BprobabilitiesJ(ÀP¬:lkH<ÞI¡<œ";éÃ
<N¶;|K?à>ñe	<ì3P>